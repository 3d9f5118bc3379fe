package dev.kafkaeventing.core;

/**
 * An event or message body that breaks the CloudEvents specification or one of its bindings.
 *
 * <p>The message is a single line that names the offending attribute or construct, fit to be sent
 * back as the body of a 400 response. Immutable, so safe to share between threads.
 */
public final class InvalidEventException extends Exception {

  /**
   * @param reason why the event is invalid; line breaks are replaced by spaces so that the message
   *     stays one line
   */
  public InvalidEventException(String reason) {
    super(oneLine(reason), null, false, false);
  }

  /**
   * @param reason why the event is invalid
   * @param cause the lower-level failure (JSON syntax, URI syntax...), kept for logs
   */
  public InvalidEventException(String reason, Throwable cause) {
    super(oneLine(reason), cause, false, false);
  }

  private static String oneLine(String reason) {
    return reason == null ? "invalid event" : reason.replaceAll("[\\r\\n]+", " ").strip();
  }
}
