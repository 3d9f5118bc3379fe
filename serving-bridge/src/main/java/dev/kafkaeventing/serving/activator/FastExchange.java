package dev.kafkaeventing.serving.activator;

import dev.kafkaeventing.serving.RevisionId;
import dev.kafkaeventing.serving.runtime.ReplicaEndpoint;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One request on the byte-level fast path ({@link FastPathHandler}): the same throttling,
 * connection reuse, streaming, back-pressure and timeouts as {@link ProxyExchange}, and the same
 * error answers ({@code 503} queue full or no replica in time, {@code 504} timeouts, {@code 502}
 * replica unreachable, closed before answering or sending a malformed head), with the request and
 * the response passed as bytes: the head built by {@link RequestHead#upstream}, body bytes as they
 * arrive, the response's bytes as {@link FastUpstreamHandler} frames them.
 *
 * <p>Bytes for the client are written from the fast path handler's context, so they pass the
 * HTTP codec behind it untouched. Confined to the client connection's event loop; the upstream
 * connection is opened on the same loop.
 */
final class FastExchange {

  private final ChannelHandlerContext ctx;
  private final FastPathHandler owner;
  private final Channel inbound;
  private final boolean headRequest;
  private final RevisionId revision;
  private final RevisionThrottler throttler;
  private final RevisionThrottler.Settings settings;
  private final Bootstrap backends;
  /** The request head for the replica until it is written. */
  private ByteBuf head;
  /** Body received before the replica was reached; null until needed. */
  private List<ByteBuf> pending;
  private RevisionThrottler.Lease lease;
  private FastUpstreamHandler upstream;
  private Channel backend;
  private boolean upstreamUnflushed;
  private boolean inboundUnflushed;
  private boolean requestDone;
  private boolean responseStarted;
  private boolean finished;
  /** {@link System#nanoTime()} by which the request must be answered ({@code timeoutSeconds}); the connection's timer checks it. */
  private long deadline;
  private ScheduledFuture<?> responseStartTimeout;
  private ScheduledFuture<?> idleTimeout;
  private long lastActivity;

  FastExchange(ChannelHandlerContext ctx, FastPathHandler owner, ByteBuf head, boolean headRequest, boolean requestDone,
      RevisionId revision, RevisionThrottler throttler, Bootstrap backends) {
    this.ctx = ctx;
    this.owner = owner;
    this.inbound = ctx.channel();
    this.head = head;
    this.headRequest = headRequest;
    this.requestDone = requestDone;
    this.revision = revision;
    this.throttler = throttler;
    this.settings = throttler.settings();
    this.backends = backends;
  }

  void start() {
    deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.timeoutMillis());
    owner.deadline(deadline);
    RevisionThrottler.Lease now = throttler.tryAcquire();
    if (now != null) {
      leased(now, null);
      return;
    }
    inbound.config().setAutoRead(false);
    throttler.enqueue().whenComplete((granted, failure) -> {
      if (ctx.executor().inEventLoop()) {
        leased(granted, failure);
      } else {
        ctx.executor().execute(() -> leased(granted, failure));
      }
    });
  }

  boolean headRequest() {
    return headRequest;
  }

  boolean requestDone() {
    return requestDone;
  }

  private void leased(RevisionThrottler.Lease granted, Throwable failure) {
    if (finished) {
      if (granted != null) {
        granted.release();
      }
      return;
    }
    if (failure != null) {
      fail(HttpResponseStatus.SERVICE_UNAVAILABLE, failure.getMessage());
      return;
    }
    lease = granted;
    ReplicaEndpoint endpoint = granted.endpoint();
    FastUpstreamHandler idle = owner.takeUpstream(endpoint);
    if (idle != null) {
      idle.use(this);
      if (!idle.channel().config().isAutoRead()) {
        idle.channel().config().setAutoRead(true);
      }
      connected(idle);
      return;
    }
    if (!requestDone) {
      inbound.config().setAutoRead(false);
    }
    backends.clone(inbound.eventLoop())
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel channel) {
            channel.pipeline().addLast("upstream", new FastUpstreamHandler(FastExchange.this));
          }
        })
        .connect(endpoint.host(), endpoint.port())
        .addListener((ChannelFuture connected) -> {
          if (!connected.isSuccess()) {
            fail(HttpResponseStatus.BAD_GATEWAY, "cannot reach replica " + endpoint + " of revision " + revision);
          } else {
            connected(connected.channel().pipeline().get(FastUpstreamHandler.class));
          }
        });
  }

  private void connected(FastUpstreamHandler connection) {
    if (finished) {
      connection.channel().close();
      return;
    }
    upstream = connection;
    backend = connection.channel();
    backend.write(head, backend.voidPromise());
    head = null;
    if (pending != null) {
      for (ByteBuf body : pending) {
        backend.write(body, backend.voidPromise());
      }
      pending.clear();
    }
    if (owner.reading()) {
      upstreamUnflushed = true;
    } else {
      backend.flush();
    }
    if (settings.responseStartTimeoutMillis() > 0) {
      responseStartTimeout = ctx.executor().schedule(() -> {
        if (!responseStarted) {
          fail(HttpResponseStatus.GATEWAY_TIMEOUT, "revision " + revision + " did not start its response within "
              + settings.responseStartTimeoutMillis() / 1000 + "s (responseStartTimeoutSeconds)");
        }
      }, settings.responseStartTimeoutMillis(), TimeUnit.MILLISECONDS);
    }
    if (settings.idleTimeoutMillis() > 0) {
      lastActivity = System.nanoTime();
      idleTimeout = ctx.executor().schedule(this::idleCheck, settings.idleTimeoutMillis(), TimeUnit.MILLISECONDS);
    }
    if (!requestDone && !inbound.config().isAutoRead()) {
      inbound.config().setAutoRead(true);
    }
  }

  /** Flushes what was written to the replica while the client's bytes were being read. */
  void flushUpstream() {
    if (upstreamUnflushed) {
      upstreamUnflushed = false;
      if (backend != null) {
        backend.flush();
      }
    }
  }

  /** Flushes what was written to the client while the replica's bytes were being read. */
  void flushInbound() {
    if (inboundUnflushed) {
      inboundUnflushed = false;
      ctx.flush();
    }
  }

  /** Request body bytes from the client, in order; {@code last}: the body ends with them. */
  void requestBody(ByteBuf bytes, boolean last) {
    if (finished) {
      bytes.release();
    } else if (backend == null) {
      if (pending == null) {
        pending = new ArrayList<>(2);
      }
      pending.add(bytes);
    } else {
      touch();
      ChannelFuture written;
      if (owner.reading()) {
        written = backend.write(bytes);
        upstreamUnflushed = true;
      } else {
        written = backend.writeAndFlush(bytes);
      }
      if (idleTimeout != null) {
        written.addListener(this::written);
      }
      if (!backend.isWritable()) {
        inbound.config().setAutoRead(false);
      }
    }
    if (last) {
      requestDone = true;
      if (finished) {
        owner.exchangeDone(this, inbound.isActive());
      }
    }
  }

  void upstreamWritabilityChanged() {
    if (backend != null && backend.isWritable() && !requestDone && !finished) {
      inbound.config().setAutoRead(true);
    }
  }

  void inboundWritabilityChanged() {
    if (backend != null && !finished) {
      backend.config().setAutoRead(inbound.isWritable());
    }
  }

  /** The replica's response head arrived (informational ones included). */
  void responseStarted() {
    if (!finished && !responseStarted) {
      responseStarted = true;
      cancel(responseStartTimeout);
    }
  }

  /** Response bytes for the client, in order. */
  void responseBytes(ByteBuf bytes) {
    if (finished) {
      bytes.release();
      return;
    }
    touch();
    ChannelFuture written = ctx.write(bytes);
    inboundUnflushed = true;
    if (idleTimeout != null) {
      written.addListener(this::written);
    }
    if (!inbound.isWritable()) {
      backend.config().setAutoRead(false);
    }
  }

  /**
   * The response is complete (its last bytes were passed to {@link #responseBytes}); {@code
   * reusable}: the replica keeps the connection open and sent nothing beyond the response.
   */
  void responseDone(boolean reusable) {
    if (finished) {
      return;
    }
    inboundUnflushed = false;
    if (requestDone) {
      ctx.flush();
    } else {
      // The replica answered before the whole request was read: the connection closes after the answer.
      ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
    if (reusable && requestDone) {
      upstream.use(null);
      owner.parkUpstream(lease.endpoint(), upstream);
      upstream = null;
      backend = null;
    }
    finish();
    if (requestDone) {
      owner.exchangeDone(this, true);
    }
  }

  /** The upstream connection closed before the response was complete. */
  void upstreamClosed() {
    if (finished) {
      return;
    }
    if (responseStarted) {
      finish();
      inbound.close();
    } else {
      fail(HttpResponseStatus.BAD_GATEWAY, "replica of revision " + revision + " closed the connection before answering");
    }
  }

  /** The replica's response could not be framed. */
  void malformedResponse(String why) {
    fail(HttpResponseStatus.BAD_GATEWAY, "replica of revision " + revision + " sent an invalid response: " + why);
  }

  void inboundClosed() {
    if (!finished) {
      finish();
    }
  }

  private void touch() {
    lastActivity = System.nanoTime();
  }

  private void written(io.netty.util.concurrent.Future<? super Void> future) {
    if (future.isSuccess()) {
      touch();
    }
  }

  private void idleCheck() {
    if (finished) {
      return;
    }
    long idleMillis = settings.idleTimeoutMillis();
    long quietMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastActivity);
    if (quietMillis < idleMillis) {
      idleTimeout = ctx.executor().schedule(this::idleCheck, idleMillis - quietMillis, TimeUnit.MILLISECONDS);
      return;
    }
    fail(HttpResponseStatus.GATEWAY_TIMEOUT, "revision " + revision + " sent and received nothing for "
        + idleMillis / 1000 + "s (idleTimeoutSeconds)");
  }

  long deadline() {
    return deadline;
  }

  boolean finished() {
    return finished;
  }

  /** {@code timeoutSeconds} passed: called by the connection's timer. */
  void timedOut() {
    if (finished) {
      return;
    }
    if (lease == null) {
      fail(HttpResponseStatus.SERVICE_UNAVAILABLE, "no replica of revision " + revision + " was free within "
          + settings.timeoutMillis() / 1000 + "s (timeoutSeconds)");
    } else if (!responseStarted) {
      fail(HttpResponseStatus.GATEWAY_TIMEOUT, "revision " + revision + " did not answer within "
          + settings.timeoutMillis() / 1000 + "s (timeoutSeconds)");
    } else {
      finish();
      inbound.close();
    }
  }

  /** Answers with an error and closes the connection or, once the response started, just closes it. */
  private void fail(HttpResponseStatus status, String reason) {
    if (finished) {
      return;
    }
    boolean started = responseStarted;
    finish();
    if (started) {
      inbound.close();
      return;
    }
    ctx.writeAndFlush(errorResponse(status, reason)).addListener(ChannelFutureListener.CLOSE);
  }

  /** The full path's error answer, as bytes: plain text, {@code Connection: close}, {@code Retry-After} on 503. */
  static ByteBuf errorResponse(HttpResponseStatus status, String reason) {
    byte[] body = (reason + "\n").getBytes(StandardCharsets.UTF_8);
    String head = "HTTP/1.1 " + status + "\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: "
        + body.length + "\r\nconnection: close\r\n"
        + (status.code() == 503 ? "retry-after: 1\r\n" : "") + "\r\n";
    return Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.ISO_8859_1), body);
  }

  private void finish() {
    finished = true;
    cancel(responseStartTimeout);
    cancel(idleTimeout);
    if (head != null) {
      head.release();
      head = null;
    }
    if (pending != null) {
      pending.forEach(ReferenceCountUtil::release);
      pending.clear();
    }
    if (lease != null) {
      lease.release();
    }
    if (backend != null) {
      backend.close();
    }
  }

  private static void cancel(ScheduledFuture<?> future) {
    if (future != null) {
      future.cancel(false);
    }
  }
}
