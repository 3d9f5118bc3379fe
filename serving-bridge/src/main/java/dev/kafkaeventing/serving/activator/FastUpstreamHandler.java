package dev.kafkaeventing.serving.activator;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;

/**
 * The only handler of an upstream (activator to replica) connection on the fast path: frames the
 * replica's responses as bytes ({@link ResponseHead}, then the body by {@code Content-Length},
 * chunked framing ({@link ChunkedFraming}) or the connection's close) and passes them to the
 * {@link FastExchange} using the connection, the head and the body's bytes as they arrived when
 * the head needs no change (one buffer slice, no copy). A body that ends with the connection is
 * re-framed chunked for the client. Runs on the event loop of the client connections that use it;
 * also the handle by which the pool keeps the connection.
 */
final class FastUpstreamHandler extends UpstreamConnection<FastExchange> {

  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private ByteBuf buffer;
  /** The current response's body framing; null while a head is expected. */
  private ResponseHead.Body body;
  private long bodyLeft;
  private ChunkedFraming chunks;
  private boolean keepAlive;
  /** Bytes of an unchanged head at the reader index, forwarded together with the body bytes that follow. */
  private int headBytes;

  FastUpstreamHandler(FastExchange exchange) {
    super(exchange);
  }

  @Override
  void use(FastExchange user) {
    super.use(user);
    this.body = null;
    this.headBytes = 0;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (exchange == null || !(msg instanceof ByteBuf bytes)) {
      // Bytes while idle: the replica is not speaking HTTP as expected; the connection is not reused.
      ReferenceCountUtil.release(msg);
      ctx.close();
      return;
    }
    buffer = buffer == null ? bytes : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), buffer, bytes);
    while (exchange != null && buffer.isReadable()) {
      if (body == null ? !head(ctx) : !body()) {
        return;
      }
    }
  }

  /** Reads a response head; false when it is incomplete or the exchange failed. */
  private boolean head(ChannelHandlerContext ctx) {
    ResponseHead head = ResponseHead.parse(buffer, exchange.headRequest());
    if (head == null) {
      return false;
    }
    if (head == ResponseHead.MALFORMED) {
      malformed("invalid response head");
      return false;
    }
    exchange.responseStarted();
    if (head.unchanged()) {
      headBytes = head.length;
    } else {
      ByteBuf rewritten = head.rewritten(buffer, ctx.alloc());
      buffer.skipBytes(head.length);
      exchange.responseBytes(rewritten);
    }
    if (head.status < 200) {
      forward(0); // informational: the final response follows
      return true;
    }
    keepAlive = head.keepAlive;
    body = head.body;
    bodyLeft = head.contentLength;
    chunks = body == ResponseHead.Body.CHUNKED ? new ChunkedFraming() : null;
    if (body == ResponseHead.Body.NONE) {
      forward(0);
      complete();
    }
    return true;
  }

  /** Forwards the body bytes at hand; false when the exchange failed. */
  private boolean body() {
    switch (body) {
      case LENGTH -> {
        int n = (int) Math.min(bodyLeft, buffer.readableBytes() - headBytes);
        bodyLeft -= n;
        forward(n);
        if (bodyLeft == 0) {
          complete();
        }
      }
      case CHUNKED -> {
        int n;
        try {
          n = chunks.scan(buffer, buffer.readerIndex() + headBytes);
        } catch (IllegalArgumentException invalid) {
          malformed(invalid.getMessage());
          return false;
        }
        forward(n);
        if (chunks.done()) {
          complete();
        }
      }
      case UNTIL_CLOSE -> {
        int n = buffer.readableBytes();
        exchange.responseBytes(Unpooled.wrappedBuffer(
            (Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII)));
        exchange.responseBytes(buffer.readRetainedSlice(n));
        exchange.responseBytes(Unpooled.wrappedBuffer(CRLF));
      }
      default -> throw new IllegalStateException(body.name());
    }
    return true;
  }

  /** Passes the unchanged head bytes (if any) and the next {@code n} body bytes on as one slice. */
  private void forward(int n) {
    int total = headBytes + n;
    headBytes = 0;
    if (total > 0) {
      exchange.responseBytes(buffer.readRetainedSlice(total));
    }
  }

  private void complete() {
    FastExchange done = exchange;
    body = null;
    boolean reusable = keepAlive && !buffer.isReadable();
    done.responseDone(reusable);
    if (exchange == done) {
      exchange = null;
    }
  }

  private void malformed(String why) {
    FastExchange failed = exchange;
    exchange = null;
    failed.malformedResponse(why);
    channel().close();
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (buffer != null && !buffer.isReadable()) {
      buffer.release();
      buffer = null;
    }
    super.channelReadComplete(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    FastExchange current = exchange;
    exchange = null;
    if (current != null) {
      if (body == ResponseHead.Body.UNTIL_CLOSE) {
        current.responseBytes(Unpooled.wrappedBuffer(LAST_CHUNK));
        current.responseDone(false);
      } else {
        current.upstreamClosed();
      }
    }
    if (buffer != null) {
      buffer.release();
      buffer = null;
    }
    ctx.fireChannelInactive();
  }
}
