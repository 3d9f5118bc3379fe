package dev.kafkaeventing.sources.sink;

import java.util.Objects;

/**
 * Names a KafkaSink and its receiver path, {@code /sinks/<namespace>/<name>}: three segments
 * under a prefix no Broker ({@code /<ns>/<name>}) nor channel ({@code /channels/...}) uses.
 * Immutable.
 */
public record KafkaSinkId(String namespace, String name) {

  public KafkaSinkId {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
  }

  /** The receiver path events are posted to. */
  public String path() {
    return "/sinks/" + namespace + "/" + name;
  }
}
