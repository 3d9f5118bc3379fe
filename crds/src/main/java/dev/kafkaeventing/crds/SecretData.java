package dev.kafkaeventing.crds;

import dev.kafkaeventing.crds.internal.Names;
import dev.kafkaeventing.crds.internal.Node;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A v1 Secret's contents, such as the SASL credentials and TLS certificates a KafkaSource's
 * {@code spec.net} or a KafkaSink's {@code spec.auth} names. {@code data} is base64 as in
 * Kubernetes; {@code stringData} is plain text and wins over {@code data} for the same key, as the
 * API server merges them. Immutable and thread-safe; never logged.
 *
 * @param data decoded values by key, never null
 * @param type the Secret's {@code type}; {@code Opaque} when not given
 */
public record SecretData(Map<String, byte[]> data, String type) {

  public SecretData {
    data = data == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(data));
    type = type == null ? "Opaque" : type;
  }

  /** @throws ResourceValidationException when the Secret is invalid */
  public static SecretData from(Resource resource) {
    return SpecViews.from(resource, SecretData::read, ResourceKind.SECRET);
  }

  /** The value at {@code key} as UTF-8 text. */
  public Optional<String> get(String key) {
    return Optional.ofNullable(data.get(key)).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
  }

  static SecretData read(Node body) {
    int mark = body.problems().mark();
    Map<String, byte[]> values = new TreeMap<>();
    Node dataNode = body.field("data");
    dataNode.stringMap().forEach((key, value) -> {
      Names.checkConfigMapKey(key).ifPresent(dataNode.entry(key)::error);
      try {
        values.put(key, Base64.getMimeDecoder().decode(value));
      } catch (IllegalArgumentException e) {
        dataNode.entry(key).error("not valid base64");
      }
    });
    Node stringNode = body.field("stringData");
    stringNode.stringMap().forEach((key, value) -> {
      Names.checkConfigMapKey(key).ifPresent(stringNode.entry(key)::error);
      values.put(key, value.getBytes(StandardCharsets.UTF_8));
    });
    String type = body.field("type").string();
    body.field("immutable").bool();
    return body.problems().cleanSince(mark) ? new SecretData(values, type) : null;
  }

  /** Keys only: a Secret's values stay out of logs and messages. */
  @Override
  public String toString() {
    return "SecretData" + data.keySet();
  }
}
