package dev.kafkaeventing.filter.internal;

import java.util.Map;

/** Subscriptions API {@code exact}: every attribute equals its value (case-sensitive). Immutable. */
public final class ExactFilter extends AttributeMapFilter {

  public ExactFilter(Map<String, String> conditions) {
    super(conditions);
  }

  @Override
  protected boolean holds(String actual, String expected) {
    return expected.equals(actual);
  }

  @Override
  public IndexGuard guard() {
    return exactGuard(false);
  }

  @Override
  public String toString() {
    return describe("exact");
  }
}
