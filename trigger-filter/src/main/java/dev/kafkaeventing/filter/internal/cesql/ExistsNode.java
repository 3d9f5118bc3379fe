package dev.kafkaeventing.filter.internal.cesql;

/** {@code EXISTS identifier}: whether the event has the attribute (CESQL 1.0 §3.4.4). */
final class ExistsNode extends Node {

  private final String name;

  ExistsNode(String name) {
    this.name = name;
  }

  @Override
  CesqlType type() {
    return CesqlType.BOOLEAN;
  }

  @Override
  Object eval(EvaluationContext context) {
    return context.event().typedAttribute(name) != null;
  }

  @Override
  public String toString() {
    return "EXISTS " + name;
  }
}
