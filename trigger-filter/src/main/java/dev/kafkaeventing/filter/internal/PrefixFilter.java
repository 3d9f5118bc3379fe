package dev.kafkaeventing.filter.internal;

import java.util.Map;

/** Subscriptions API {@code prefix}: every attribute starts with its value. Immutable. */
public final class PrefixFilter extends AttributeMapFilter {

  public PrefixFilter(Map<String, String> conditions) {
    super(conditions);
  }

  @Override
  protected boolean holds(String actual, String expected) {
    return actual.startsWith(expected);
  }

  @Override
  public String toString() {
    return describe("prefix");
  }
}
