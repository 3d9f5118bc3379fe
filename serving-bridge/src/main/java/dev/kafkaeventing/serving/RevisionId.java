package dev.kafkaeventing.serving;

import java.util.Objects;

/** Names one Revision: its namespace and name. Immutable. */
public record RevisionId(String namespace, String name) {

  public RevisionId {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
