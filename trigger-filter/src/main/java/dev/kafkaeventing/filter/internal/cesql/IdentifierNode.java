package dev.kafkaeventing.filter.internal.cesql;

/**
 * A context attribute or extension. Integer and Boolean extensions keep their type, all other
 * values are Strings (CESQL 1.0 §3.2). A missing attribute raises a missing-attribute error and
 * yields {@code false}, the zero value of an unknown type.
 */
final class IdentifierNode extends Node {

  private final String name;

  IdentifierNode(String name) {
    this.name = name;
  }

  @Override
  CesqlType type() {
    return CesqlType.ANY;
  }

  @Override
  Object eval(EvaluationContext context) {
    Object value = context.event().typedAttribute(name);
    if (value == null) {
      context.fail(ErrorKind.MISSING_ATTRIBUTE, "missing attribute ", name);
      return Boolean.FALSE;
    }
    return value;
  }

  @Override
  public String toString() {
    return name;
  }
}
