package dev.kafkaeventing.core.internal.http;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;

/**
 * Request headers handed over to the HTTP client with their request: the client completes them in place
 * ({@code Host}, {@code Content-Length}) and writes them as they are, instead of copying them into a
 * headers object of its own. Completing them again for a retry of the same request changes nothing.
 *
 * <p>They do not validate names or values: whoever fills them checks what goes in. Not thread-safe: fill
 * them on one thread, then leave them to the request.
 */
public final class HandedOverHeaders extends DefaultHttpHeaders {

  private static final DefaultHttpHeadersFactory UNVALIDATED =
      DefaultHttpHeadersFactory.headersFactory().withValidation(false);

  public HandedOverHeaders() {
    super(UNVALIDATED.getNameValidator(), UNVALIDATED.getValueValidator());
  }
}
