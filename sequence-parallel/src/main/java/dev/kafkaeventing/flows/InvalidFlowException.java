package dev.kafkaeventing.flows;

/**
 * A Sequence or Parallel that cannot be built as written (for instance a channel template of a
 * kind that is not served); {@link #reason()} fits a condition's reason, the message its message.
 */
public final class InvalidFlowException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String reason;

  public InvalidFlowException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** A CamelCase reason such as {@code ChannelTemplateInvalid}. */
  public String reason() {
    return reason;
  }
}
