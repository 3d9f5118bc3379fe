package dev.kafkaeventing.core.internal.delivery;

import io.cloudevents.CloudEvent;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Optional;

/** The CloudEvents HTTP binding as the delivery engine uses it: binary-mode requests, decoded replies. */
final class EventHttp {

  private EventHttp() {
  }

  /** Writes the event's attributes and extensions as headers; returns the body. */
  static byte[] encodeBinary(CloudEvent event, HttpHeaders headers) {
    return InterimBinaryCodec.encodeBinary(event, headers);
  }

  /**
   * The event a response carries (binary or structured mode), or empty when it carries none.
   *
   * @throws RuntimeException when the response claims to carry an event but it is malformed
   */
  static Optional<CloudEvent> decodeReply(HttpHeaders headers, byte[] body) {
    return InterimBinaryCodec.decodeReply(headers, body);
  }
}
