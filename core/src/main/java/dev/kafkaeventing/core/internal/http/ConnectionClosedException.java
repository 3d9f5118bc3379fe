package dev.kafkaeventing.core.internal.http;

import java.nio.channels.ClosedChannelException;

/** The connection closed before the response was complete. */
final class ConnectionClosedException extends ClosedChannelException {

  private final String message;

  ConnectionClosedException(String message) {
    this.message = message;
  }

  @Override
  public String getMessage() {
    return message;
  }
}
