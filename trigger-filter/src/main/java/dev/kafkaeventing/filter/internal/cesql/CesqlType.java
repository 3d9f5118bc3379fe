package dev.kafkaeventing.filter.internal.cesql;

/**
 * CESQL's primitive types (CESQL 1.0 §3.1) with their zero values, plus {@link #ANY} for what is
 * only known at evaluation time (attribute values).
 */
public enum CesqlType {
  BOOLEAN(Boolean.FALSE),
  INTEGER(0),
  STRING(""),
  ANY(Boolean.FALSE);

  private final Object zero;

  CesqlType(Object zero) {
    this.zero = zero;
  }

  /** The value an operation of this return type yields when an error occurred (§3.3). */
  public Object zero() {
    return zero;
  }

  /** The type of an evaluated value: Boolean, Integer or String. */
  public static CesqlType of(Object value) {
    if (value instanceof String) {
      return STRING;
    }
    if (value instanceof Integer) {
      return INTEGER;
    }
    return BOOLEAN;
  }
}
