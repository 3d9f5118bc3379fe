package dev.kafkaeventing.platform.cli;

/**
 * A user-facing CLI failure: its message is printed as {@code error: MESSAGE} and the command
 * exits with 1. {@link #status()} is the admin API's HTTP status when the platform refused the
 * request, 0 otherwise.
 */
final class CliException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;

  CliException(String message) {
    this(message, 0);
  }

  CliException(String message, int status) {
    super(message);
    this.status = status;
  }

  int status() {
    return status;
  }

  /** The platform answered that the resource does not exist. */
  boolean notFound() {
    return status == 404;
  }
}
