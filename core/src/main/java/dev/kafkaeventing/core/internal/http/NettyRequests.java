package dev.kafkaeventing.core.internal.http;

import dev.kafkaeventing.core.HttpRequest;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.net.URI;

/** Turns an {@link HttpRequest} into the Netty request written on a connection. */
final class NettyRequests {

  private NettyRequests() {
  }

  /**
   * The request in origin form ({@code /path?query}) with {@code Host} (unless given) and
   * {@code Content-Length} set; the body buffer wraps the request's array without copying.
   */
  static FullHttpRequest toNetty(HttpRequest request, PoolKey key) {
    URI uri = request.uri();
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    FullHttpRequest netty = new DefaultFullHttpRequest(
        HttpVersion.HTTP_1_1, request.method(), target, Unpooled.wrappedBuffer(request.body()));
    netty.headers().add(request.headers());
    netty.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
    if (!netty.headers().contains(HttpHeaderNames.HOST)) {
      netty.headers().set(HttpHeaderNames.HOST, key.hostHeader());
    }
    boolean bodyless = request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD);
    if (request.body().length > 0 || !bodyless) {
      netty.headers().set(HttpHeaderNames.CONTENT_LENGTH, request.body().length);
    } else {
      netty.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
    }
    return netty;
  }
}
