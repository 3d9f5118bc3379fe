package dev.kafkaeventing.serving.activator;

import dev.kafkaeventing.serving.RevisionId;
import dev.kafkaeventing.serving.runtime.ReplicaEndpoint;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One proxied request, whatever its framing: takes a slot of the revision's throttler (at once
 * when one is free, else waiting in its queue), takes a keep-alive connection to the chosen replica
 * (the client connection's own last one, else one from the {@link UpstreamPool}, else a new one),
 * writes the request head and streams the body up and the response down without aggregating (each
 * side's reading paused while the other cannot take more; writes made while a side is being read
 * are flushed once at the end of that read), parks the upstream connection for the next request
 * when both sides ended cleanly, and releases the slot.
 *
 * <p>Timeouts: {@code timeoutSeconds} (checked by the client connection's one timer, {@link
 * ClientConnectionHandler#deadline}) and {@code responseStartTimeoutSeconds} answer {@code 504}, {@code
 * idleTimeoutSeconds} (no bytes read or written in either direction since the replica was reached)
 * {@code 504} before the response starts, else close the connection. A full queue, or no replica
 * free in time, is answered {@code 503}; a replica that cannot be reached or closes before
 * answering, {@code 502}.
 *
 * <p>Subclasses keep only their framing: {@link ProxyExchange} passes decoded HTTP objects through
 * the codecs, {@link FastExchange} passes bytes. Confined to the client connection's event loop;
 * the upstream connection is opened on the same loop, so no state is shared across threads.
 *
 * @param <U> the handler of the path's upstream connections
 */
abstract class Exchange<U extends UpstreamConnection<?>> {

  /** Writes to the client go through this context: past the HTTP codec on the fast path. */
  final ChannelHandlerContext ctx;
  final Channel inbound;
  final RevisionId revision;
  final RevisionThrottler.Settings settings;
  private final ClientConnectionHandler<U, ?> owner;
  private final RevisionThrottler throttler;
  private final Bootstrap backends;
  /** The client keeps its connection open after this request. */
  final boolean keepAlive;
  /** Body received before the replica was reached; null until needed. */
  private List<Object> pending;
  private RevisionThrottler.Lease lease;
  private U upstream;
  private Channel backend;
  private boolean upstreamUnflushed;
  private boolean inboundUnflushed;
  private boolean requestDone;
  private boolean responseStarted;
  private boolean started;
  private boolean finished;
  /** {@link System#nanoTime()} by which the request must be answered ({@code timeoutSeconds}). */
  private long deadline;
  private ScheduledFuture<?> responseStartTimeout;
  private ScheduledFuture<?> idleTimeout;
  /** {@link System#nanoTime()} of the last byte read or written on either side, for idleTimeoutSeconds. */
  private long lastActivity;

  Exchange(ChannelHandlerContext ctx, ClientConnectionHandler<U, ?> owner, boolean keepAlive, boolean requestDone,
      RevisionId revision, RevisionThrottler throttler, Bootstrap backends) {
    this.ctx = ctx;
    this.owner = owner;
    this.inbound = ctx.channel();
    this.keepAlive = keepAlive;
    this.requestDone = requestDone;
    this.revision = revision;
    this.throttler = throttler;
    this.settings = throttler.settings();
    this.backends = backends;
  }

  /** The request head for the replica; called once, when it is reached. */
  abstract Object upstreamHead();

  /** A handler, using this exchange, for a new upstream connection. */
  abstract U newUpstream();

  /** Lets an idle upstream connection's handler pass its responses to this exchange. */
  abstract void attach(U idle);

  /** Adds the handlers of a new upstream connection, {@code handler} last. */
  void initUpstream(ChannelPipeline pipeline, U handler) {
    pipeline.addLast("upstream", handler);
  }

  /** An error answer to the client, which closes the connection after it. */
  abstract Object errorResponse(HttpResponseStatus status, String reason);

  /** Releases what the subclass holds for the replica and did not send; the exchange finished. */
  void releaseUnsent() {
  }

  final void start() {
    started = true;
    deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.timeoutMillis());
    owner.deadline(deadline);
    RevisionThrottler.Lease now = throttler.tryAcquire();
    if (now != null) {
      leased(now, null);
      return;
    }
    // Waiting for a slot: read no more of the body meanwhile.
    inbound.config().setAutoRead(false);
    throttler.enqueue().whenComplete((granted, failure) -> {
      if (ctx.executor().inEventLoop()) {
        leased(granted, failure);
      } else {
        ctx.executor().execute(() -> leased(granted, failure));
      }
    });
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
    U idle = owner.takeUpstream(endpoint);
    if (idle != null) {
      attach(idle);
      if (!idle.channel().config().isAutoRead()) {
        idle.channel().config().setAutoRead(true);
      }
      connected(idle);
      return;
    }
    if (!requestDone) {
      inbound.config().setAutoRead(false);
    }
    U handler = newUpstream();
    backends.clone(inbound.eventLoop())
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel channel) {
            initUpstream(channel.pipeline(), handler);
          }
        })
        .connect(endpoint.host(), endpoint.port())
        .addListener((ChannelFuture connected) -> {
          if (!connected.isSuccess()) {
            fail(HttpResponseStatus.BAD_GATEWAY, "cannot reach replica " + endpoint + " of revision " + revision);
          } else {
            connected(handler);
          }
        });
  }

  private void connected(U connection) {
    if (finished) {
      connection.channel().close();
      return;
    }
    upstream = connection;
    backend = connection.channel();
    backend.write(upstreamHead(), backend.voidPromise());
    if (pending != null) {
      for (Object body : pending) {
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

  final boolean requestDone() {
    return requestDone;
  }

  final boolean started() {
    return started;
  }

  final boolean finished() {
    return finished;
  }

  final long deadline() {
    return deadline;
  }

  /** Flushes what was written to the replica while the client's bytes were being read. */
  final void flushUpstream() {
    if (upstreamUnflushed) {
      upstreamUnflushed = false;
      if (backend != null) {
        backend.flush();
      }
    }
  }

  /** Flushes what was written to the client while the replica's bytes were being read. */
  final void flushInbound() {
    if (inboundUnflushed) {
      inboundUnflushed = false;
      ctx.flush();
    }
  }

  /** Request body from the client, in order; {@code last}: the body ends with it. */
  final void forwardRequest(Object body, boolean last) {
    if (finished) {
      ReferenceCountUtil.release(body);
    } else if (backend == null) {
      if (pending == null) {
        pending = new ArrayList<>(2);
      }
      pending.add(body);
    } else {
      touch();
      // Without idleTimeoutSeconds nothing waits for the write: no promise (a failed write closes the connection).
      ChannelPromise promise = idleTimeout == null ? backend.voidPromise() : backend.newPromise();
      if (owner.reading()) {
        backend.write(body, promise);
        upstreamUnflushed = true;
      } else {
        backend.writeAndFlush(body, promise);
      }
      if (idleTimeout != null) {
        promise.addListener(this::written);
      }
      if (!backend.isWritable()) {
        inbound.config().setAutoRead(false);
      }
    }
    if (last) {
      requestDone = true;
      if (finished) {
        owner.exchangeDone(this, keepAlive && inbound.isActive());
      }
    }
  }

  final void upstreamWritabilityChanged() {
    if (backend != null && backend.isWritable() && !requestDone && !finished) {
      inbound.config().setAutoRead(true);
    }
  }

  final void inboundWritabilityChanged() {
    if (backend != null && !finished) {
      backend.config().setAutoRead(inbound.isWritable());
    }
  }

  /** The replica's response head arrived (informational ones included). */
  final void responseStarted() {
    if (!finished && !responseStarted) {
      responseStarted = true;
      cancel(responseStartTimeout);
    }
  }

  /** Part of the response for the client, in order; flushed at the end of the replica's read. */
  final void forwardResponse(Object part) {
    if (finished) {
      ReferenceCountUtil.release(part);
      return;
    }
    touch();
    if (idleTimeout == null) {
      ctx.write(part, ctx.voidPromise());
    } else {
      ctx.write(part).addListener(this::written);
    }
    inboundUnflushed = true;
    if (!inbound.isWritable()) {
      backend.config().setAutoRead(false);
    }
  }

  /**
   * The response is complete and its last part written and flushed: the upstream connection is
   * parked when {@code upstreamReusable} and the whole request was read, the slot released, and the
   * client connection closed once {@code lastWrite} is done unless it carries the next request.
   * {@code lastWrite} may be null only when it does (keep-alive and the whole request read).
   */
  final void responseComplete(boolean upstreamReusable, ChannelFuture lastWrite) {
    inboundUnflushed = false;
    if (upstreamReusable && requestDone) {
      // The replica answered in full and read the whole request: its connection can serve the next one.
      upstream.use(null);
      owner.parkUpstream(lease.endpoint(), upstream);
      upstream = null;
      backend = null;
    }
    finish();
    boolean reuse = keepAlive && requestDone;
    if (!reuse) {
      lastWrite.addListener(ChannelFutureListener.CLOSE);
    }
    if (requestDone) {
      owner.exchangeDone(this, reuse);
    }
  }

  /** The upstream connection closed before the response was complete. */
  final void upstreamClosed() {
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

  final void inboundClosed() {
    if (!finished) {
      finish();
    }
  }

  private void touch() {
    if (idleTimeout != null) {
      lastActivity = System.nanoTime();
    }
  }

  /** A write finished: bytes went out, which counts as activity (a slow reader is not idle). */
  private void written(io.netty.util.concurrent.Future<? super Void> future) {
    if (future.isSuccess()) {
      touch();
    }
  }

  /** Like Netty's IdleStateHandler: fires once nothing moved for idleTimeoutSeconds, else re-arms for the rest. */
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

  /** {@code timeoutSeconds} passed: called by the connection's timer. */
  final void timedOut() {
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
  final void fail(HttpResponseStatus status, String reason) {
    if (finished) {
      return;
    }
    boolean responding = responseStarted;
    finish();
    if (responding) {
      inbound.close();
      return;
    }
    ctx.writeAndFlush(errorResponse(status, reason)).addListener(ChannelFutureListener.CLOSE);
  }

  private void finish() {
    finished = true;
    cancel(responseStartTimeout);
    cancel(idleTimeout);
    releaseUnsent();
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
