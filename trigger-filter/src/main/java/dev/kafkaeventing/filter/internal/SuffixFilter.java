package dev.kafkaeventing.filter.internal;

import java.util.Map;

/** Subscriptions API {@code suffix}: every attribute ends with its value. Immutable. */
public final class SuffixFilter extends AttributeMapFilter {

  public SuffixFilter(Map<String, String> conditions) {
    super(conditions);
  }

  @Override
  protected boolean holds(String actual, String expected) {
    return actual.endsWith(expected);
  }

  @Override
  public String toString() {
    return describe("suffix");
  }
}
