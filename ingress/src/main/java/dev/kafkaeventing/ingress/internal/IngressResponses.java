package dev.kafkaeventing.ingress.internal;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * The responses the ingress sends. Each call makes a new response that the caller owns. Every
 * response has a Content-Length, so connections can be kept alive. Stateless and thread-safe.
 */
final class IngressResponses {

  /** Seconds a client should wait before retrying after a 503. */
  static final String RETRY_AFTER_SECONDS = "1";

  private IngressResponses() {}

  /** 202: every event is durably in Kafka. */
  static FullHttpResponse accepted() {
    // No trailers ever: the shared empty set saves a header map per 202.
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.ACCEPTED,
        Unpooled.EMPTY_BUFFER, DefaultHttpHeadersFactory.headersFactory().newHeaders(), EmptyHttpHeaders.INSTANCE);
    HttpUtil.setContentLength(response, 0);
    return response;
  }

  /** A status with a one-line text/plain reason. */
  static FullHttpResponse text(HttpResponseStatus status, String reason) {
    byte[] body = (reason + "\n").getBytes(StandardCharsets.UTF_8);
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN + "; charset=utf-8");
    HttpUtil.setContentLength(response, body.length);
    return response;
  }

  /** 401 asking for a bearer token (RFC 6750), with the reason in the body and the challenge. */
  static FullHttpResponse unauthorized(String reason) {
    FullHttpResponse response = text(HttpResponseStatus.UNAUTHORIZED, reason);
    response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"kafka-eventing\"");
    return response;
  }

  /** 405 naming the methods the path accepts. */
  static FullHttpResponse methodNotAllowed(String allow) {
    FullHttpResponse response =
        text(HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed; use " + allow);
    response.headers().set(HttpHeaderNames.ALLOW, allow);
    return response;
  }

  /** 503 asking the client to retry shortly. */
  static FullHttpResponse unavailable(String reason) {
    FullHttpResponse response = text(HttpResponseStatus.SERVICE_UNAVAILABLE, reason);
    response.headers().set(HttpHeaderNames.RETRY_AFTER, RETRY_AFTER_SECONDS);
    return response;
  }

  /** Marks a response as the last one on its connection. */
  static FullHttpResponse closing(FullHttpResponse response) {
    HttpUtil.setKeepAlive(response, false);
    return response;
  }
}
