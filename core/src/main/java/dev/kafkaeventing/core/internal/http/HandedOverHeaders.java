package dev.kafkaeventing.core.internal.http;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;

/**
 * Request headers handed over to the HTTP client with their request, which writes them as they are
 * ({@code Host} and {@code Content-Length} added on the wire) without copying them. They may hold
 * {@link HeaderLines}: header lines already encoded, written where they were added.
 *
 * <p>They do not validate names or values: whoever fills them checks what goes in. Not thread-safe: fill
 * them on one thread, then leave them to the request.
 */
public final class HandedOverHeaders extends DefaultHttpHeaders {

  private static final DefaultHttpHeadersFactory UNVALIDATED =
      DefaultHttpHeadersFactory.headersFactory().withValidation(false);

  /** A request has a handful of entries (the event's headers are one run of lines): fewer buckets do. */
  private static final int SIZE_HINT = 8;

  public HandedOverHeaders() {
    super(UNVALIDATED.getNameValidator(), UNVALIDATED.getValueValidator(), SIZE_HINT);
  }

  /**
   * Adds {@code lines}, to be written after the headers added so far and before those added later. Look-ups
   * ({@code get}, {@code contains}) do not see the headers inside them.
   */
  public HandedOverHeaders addLines(HeaderLines lines) {
    add(HeaderLines.NAME, lines);
    return this;
  }
}
