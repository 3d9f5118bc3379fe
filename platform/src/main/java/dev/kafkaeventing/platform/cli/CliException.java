package dev.kafkaeventing.platform.cli;

/** A user-facing CLI failure: its message is printed as is and the command exits with 1. */
final class CliException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  CliException(String message) {
    super(message);
  }
}
