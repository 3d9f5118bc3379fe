package dev.kafkaeventing.core.internal.http;

import dev.kafkaeventing.core.HttpRequest;
import dev.kafkaeventing.core.HttpResponse;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * Last handler of a pooled connection ({@code ResponseDecoder -> ExchangeHandler}): writes the current
 * exchange's request as bytes ({@link RequestWriter}) and assembles its response, at most
 * {@code maxResponseBytes} of body. One exchange at a time. Every method runs on the connection's event
 * loop.
 */
final class ExchangeHandler extends SimpleChannelInboundHandler<HttpObject> {

  private static final byte[] NO_BODY = new byte[0];

  private final int maxResponseBytes;
  private final WrittenBytesWatch writes;
  private final ResponseDecoder decoder;
  private ChannelHandlerContext ctx;
  private Exchange current;
  private int exchangesOnConnection;
  private boolean responseStarted;
  private boolean informational;
  private boolean requestKeepAlive;
  private io.netty.handler.codec.http.HttpResponse head;
  private long expectedLength;
  /** The body when its length was announced: read straight into the response's array. */
  private byte[] announced;
  private int filled;
  private ByteArrayOutputStream body; // null until the first body byte of a body of unknown length

  ExchangeHandler(int maxResponseBytes, WrittenBytesWatch writes, ResponseDecoder decoder) {
    this.maxResponseBytes = maxResponseBytes;
    this.writes = writes;
    this.decoder = decoder;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext context) {
    this.ctx = context;
  }

  /** Sends the exchange's request on this connection. */
  void begin(Exchange exchange) {
    current = exchange;
    exchangesOnConnection++;
    responseStarted = false;
    informational = false;
    head = null;
    announced = null;
    filled = 0;
    body = null;
    writes.reset();
    if (!ctx.channel().isActive()) {
      lost(new ConnectionClosedException("connection to " + exchange.target() + " closed before use"));
      return;
    }
    HttpRequest request = exchange.request();
    decoder.expect(request.method());
    requestKeepAlive = !request.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE, true);
    ctx.writeAndFlush(RequestWriter.write(ctx.alloc(), request, exchange.hostHeader())).addListener(written -> {
      if (!written.isSuccess() && current == exchange) {
        lost(written.cause());
      }
    });
  }

  @Override
  protected void channelRead0(ChannelHandlerContext context, HttpObject message) throws IOException {
    if (current == null) {
      // Bytes without a request in flight: the connection's state is unknown, so it cannot be reused.
      context.close();
      return;
    }
    responseStarted = true;
    if (message.decoderResult().isFailure()) {
      failCurrent(new IOException("malformed HTTP response", message.decoderResult().cause()));
      return;
    }
    if (message instanceof io.netty.handler.codec.http.HttpResponse response) {
      onHead(response);
    }
    if (message instanceof HttpContent content && current != null) {
      onContent(content);
    }
  }

  private void onHead(io.netty.handler.codec.http.HttpResponse response) {
    // 1xx responses (e.g. 100 Continue) precede the real one.
    informational = response.status().code() < 200;
    if (informational) {
      return;
    }
    head = response;
    long length = HttpUtil.getContentLength(response, -1L);
    if (length > maxResponseBytes) {
      failCurrent(new ResponseTooLargeException(maxResponseBytes));
      return;
    }
    expectedLength = length;
  }

  private void onContent(HttpContent content) throws IOException {
    int readable = content.content().readableBytes();
    if (!informational && head != null && readable > 0 && !readAnnounced(content.content(), readable)) {
      // Most responses (202 to a delivery) have no body: the buffer is made only for one that has.
      if (body == null) {
        body = new ByteArrayOutputStream(expectedLength > 0 ? (int) expectedLength : 256);
      }
      if (body.size() + (long) readable > maxResponseBytes) {
        failCurrent(new ResponseTooLargeException(maxResponseBytes));
        return;
      }
      content.content().readBytes(body, readable);
    }
    if (content instanceof LastHttpContent) {
      if (informational) {
        informational = false;
      } else if (head != null) {
        finish();
      }
    }
  }

  /**
   * Reads a body whose {@code Content-Length} was given into an array of that size, which becomes the
   * response's body without another copy (a reply event's data). False when the length is unknown, or
   * more bytes came than announced: what was read moves to the growing buffer, which takes the rest.
   */
  private boolean readAnnounced(ByteBuf content, int readable) {
    if (body != null || expectedLength <= 0) {
      return false;
    }
    if (announced == null) {
      announced = new byte[(int) expectedLength];
    }
    if (filled + readable > announced.length) {
      body = new ByteArrayOutputStream(filled + readable);
      body.write(announced, 0, filled);
      announced = null;
      return false;
    }
    content.readBytes(announced, filled, readable);
    filled += readable;
    return true;
  }

  private void finish() {
    Exchange exchange = current;
    current = null;
    HttpHeaders headers = head.headers();
    boolean reusable = requestKeepAlive && HttpUtil.isKeepAlive(head);
    byte[] bytes = announced != null ? (filled == announced.length ? announced : Arrays.copyOf(announced, filled))
        : body == null ? NO_BODY : body.toByteArray();
    HttpResponse response = new HttpResponse(head.status().code(), headers, bytes);
    head = null;
    announced = null;
    filled = 0;
    body = null;
    exchange.complete(ctx.channel(), response, reusable);
  }

  private void failCurrent(Throwable cause) {
    Exchange exchange = current;
    current = null;
    exchange.fail(ctx.channel(), cause);
  }

  /**
   * The connection broke. Only a request of which not a byte left (a reused connection the server had
   * closed meanwhile) may be tried again: a POST is not idempotent, and a server that closes a connection
   * after reading a request may have acted on it, so that is a failed attempt for the caller to count.
   */
  private void lost(Throwable cause) {
    Exchange exchange = current;
    current = null;
    boolean retry = exchangesOnConnection > 1 && !responseStarted && !writes.anyWritten();
    exchange.connectionLost(ctx.channel(), cause, retry);
  }

  @Override
  public void channelInactive(ChannelHandlerContext context) throws Exception {
    if (current != null) {
      lost(new ConnectionClosedException(
          "connection to " + current.target() + " closed before the response was complete"));
    }
    super.channelInactive(context);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
    if (current != null) {
      lost(cause);
    }
    context.close();
  }
}
