package dev.kafkaeventing.serving.activator;

import dev.kafkaeventing.serving.RevisionId;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;

/**
 * One request on the byte-level fast path ({@link FastPathHandler}): the throttling, connection
 * reuse, streaming, back-pressure, timeouts and error answers are the {@link Exchange}'s, the same
 * as on the codec path ({@link ProxyExchange}); here the request and the response pass as bytes:
 * the head built by {@link RequestHead#upstream}, body bytes as they arrive, the response's bytes
 * as {@link FastUpstreamHandler} frames them ({@code 502} too for a malformed response head).
 *
 * <p>Bytes for the client are written from the fast path handler's context, so they pass the
 * HTTP codec behind it untouched. Only keep-alive requests take this path. Confined to the client
 * connection's event loop.
 */
final class FastExchange extends Exchange<FastUpstreamHandler> {

  private final boolean headRequest;
  /** The request head for the replica until it is written. */
  private ByteBuf head;

  FastExchange(ChannelHandlerContext ctx, FastPathHandler owner, ByteBuf head, boolean headRequest, boolean requestDone,
      RevisionId revision, RevisionThrottler throttler, Bootstrap backends) {
    super(ctx, owner, true, requestDone, revision, throttler, backends);
    this.head = head;
    this.headRequest = headRequest;
  }

  boolean headRequest() {
    return headRequest;
  }

  @Override
  FastUpstreamHandler newUpstream() {
    return new FastUpstreamHandler(this);
  }

  @Override
  void attach(FastUpstreamHandler idle) {
    idle.use(this);
  }

  @Override
  ByteBuf upstreamHead() {
    ByteBuf written = head;
    head = null;
    return written;
  }

  @Override
  void releaseUnsent() {
    if (head != null) {
      head.release();
      head = null;
    }
  }

  /** Request body bytes from the client, in order; {@code last}: the body ends with them. */
  void requestBody(ByteBuf bytes, boolean last) {
    forwardRequest(bytes, last);
  }

  /** Response bytes for the client, in order. */
  void responseBytes(ByteBuf bytes) {
    forwardResponse(bytes);
  }

  /**
   * The response is complete (its last bytes were passed to {@link #responseBytes}); {@code
   * reusable}: the replica keeps the connection open and sent nothing beyond the response.
   */
  void responseDone(boolean reusable) {
    if (finished()) {
      return;
    }
    ChannelFuture last = null;
    if (requestDone()) {
      ctx.flush();
    } else {
      // The replica answered before the whole request was read: the connection closes after the answer.
      last = ctx.writeAndFlush(Unpooled.EMPTY_BUFFER);
    }
    responseComplete(reusable, last);
  }

  /** The replica's response could not be framed. */
  void malformedResponse(String why) {
    fail(HttpResponseStatus.BAD_GATEWAY, "replica of revision " + revision + " sent an invalid response: " + why);
  }

  /** The full path's error answer, as bytes: plain text, {@code Connection: close}, {@code Retry-After} on 503. */
  @Override
  ByteBuf errorResponse(HttpResponseStatus status, String reason) {
    byte[] body = (reason + "\n").getBytes(StandardCharsets.UTF_8);
    String text = "HTTP/1.1 " + status + "\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: "
        + body.length + "\r\nconnection: close\r\n"
        + (status.code() == 503 ? "retry-after: 1\r\n" : "") + "\r\n";
    return Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.ISO_8859_1), body);
  }
}
