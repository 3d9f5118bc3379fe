package dev.kafkaeventing.core.internal.http;

import dev.kafkaeventing.core.HttpRequest;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.net.URI;

/** Turns an {@link HttpRequest} into the Netty request written on a connection. */
final class NettyRequests {

  /**
   * The request's headers were checked when they went into the request's own headers object (as that
   * object validates); copying them does not check them again.
   */
  private static final HttpHeadersFactory COPIES = DefaultHttpHeadersFactory.headersFactory().withValidation(false);

  private NettyRequests() {
  }

  /**
   * The request in origin form ({@code /path?query}) with {@code Host} (unless given) and
   * {@code Content-Length} set; the body buffer wraps the request's array without copying. The request's
   * headers are copied, unless they are {@link HandedOverHeaders}, which are completed in place.
   */
  static FullHttpRequest toNetty(HttpRequest request, CharSequence hostHeader) {
    URI uri = request.uri();
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    HttpHeaders headers;
    if (request.headers() instanceof HandedOverHeaders handedOver) {
      headers = handedOver;
    } else {
      headers = COPIES.newHeaders();
      headers.add(request.headers());
    }
    headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
    if (!headers.contains(HttpHeaderNames.HOST)) {
      headers.set(HttpHeaderNames.HOST, hostHeader);
    }
    boolean bodyless = request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD);
    if (request.body().length > 0 || !bodyless) {
      headers.set(HttpHeaderNames.CONTENT_LENGTH, request.body().length);
    } else {
      headers.remove(HttpHeaderNames.CONTENT_LENGTH);
    }
    return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, request.method(), target,
        Unpooled.wrappedBuffer(request.body()), headers, EmptyHttpHeaders.INSTANCE);
  }
}
