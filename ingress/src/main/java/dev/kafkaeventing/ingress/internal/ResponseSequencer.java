package dev.kafkaeventing.ingress.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import java.util.ArrayDeque;

/**
 * Keeps responses in request order on one connection. HTTP/1.1 pipelining lets a client send
 * several requests before reading; their produces may finish in any order, but the responses must
 * go out in the order of the requests. Also stops reading from a connection that has too many
 * requests waiting, so one client cannot queue unbounded work.
 *
 * <p>One instance per connection; every method runs on the connection's event loop.
 */
final class ResponseSequencer {

  /** A place in the response order, filled once the request's outcome is known. */
  static final class Slot {
    private FullHttpResponse response;
  }

  /** Requests waiting on one connection before it stops reading. */
  static final int MAX_PENDING = 16;

  private final ArrayDeque<Slot> pending = new ArrayDeque<>();

  /** Takes the next place in the response order for a request just read. */
  Slot reserve(ChannelHandlerContext ctx) {
    Slot slot = new Slot();
    pending.addLast(slot);
    if (pending.size() >= MAX_PENDING) {
      ctx.channel().config().setAutoRead(false);
    }
    return slot;
  }

  /** Fills a slot and writes every response that is now at the head of the order. */
  void complete(ChannelHandlerContext ctx, Slot slot, FullHttpResponse response) {
    slot.response = response;
    boolean wrote = false;
    while (!pending.isEmpty() && pending.peekFirst().response != null) {
      ctx.write(pending.pollFirst().response);
      wrote = true;
    }
    if (wrote) {
      ctx.flush();
    }
    if (pending.size() < MAX_PENDING && !ctx.channel().config().isAutoRead()) {
      ctx.channel().config().setAutoRead(true);
    }
  }
}
