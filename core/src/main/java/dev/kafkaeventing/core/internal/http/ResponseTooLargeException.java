package dev.kafkaeventing.core.internal.http;

import java.io.IOException;

/** The response body is larger than the client accepts; the connection is closed rather than drained. */
final class ResponseTooLargeException extends IOException {

  ResponseTooLargeException(long limit) {
    super("response body exceeds the limit of " + limit + " bytes");
  }
}
