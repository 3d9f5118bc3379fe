package dev.kafkaeventing.filter.internal.cesql;

/** A CESQL expression that does not parse; {@link #position()} is the 1-based column. */
public final class CesqlParseException extends Exception {

  private final int position;
  private final String reason;

  CesqlParseException(int position, String reason) {
    super("position " + position + ": " + reason);
    this.position = position;
    this.reason = reason;
  }

  public int position() {
    return position;
  }

  public String reason() {
    return reason;
  }
}
