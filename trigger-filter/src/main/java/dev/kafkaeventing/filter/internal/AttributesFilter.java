package dev.kafkaeventing.filter.internal;

import java.util.Map;

/**
 * Knative's {@code spec.filter.attributes}: each listed attribute must be present; a non-empty
 * value must equal the event's (case-sensitive), an empty value accepts any value. Immutable.
 */
public final class AttributesFilter extends AttributeMapFilter {

  public AttributesFilter(Map<String, String> attributes) {
    super(attributes);
  }

  @Override
  protected boolean holds(String actual, String expected) {
    return expected.isEmpty() || expected.equals(actual);
  }

  @Override
  public IndexGuard guard() {
    return exactGuard(true);
  }

  @Override
  public String toString() {
    return describe("attributes");
  }
}
