package dev.kafkaeventing.serving.runtime;

import java.util.Objects;

/** Where a ready replica listens. Immutable. */
public record ReplicaEndpoint(String host, int port) {

  public ReplicaEndpoint {
    Objects.requireNonNull(host, "host");
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
