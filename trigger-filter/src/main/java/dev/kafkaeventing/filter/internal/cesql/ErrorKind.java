package dev.kafkaeventing.filter.internal.cesql;

/** The error types every CESQL engine reports (CESQL 1.0 §3.3), named as the TCK names them. */
public enum ErrorKind {
  PARSE("parse"),
  MATH("math"),
  CAST("cast"),
  MISSING_ATTRIBUTE("missingAttribute"),
  MISSING_FUNCTION("missingFunction"),
  FUNCTION_EVALUATION("functionEvaluation"),
  GENERIC("generic");

  private final String tckName;

  ErrorKind(String tckName) {
    this.tckName = tckName;
  }

  public String tckName() {
    return tckName;
  }
}
