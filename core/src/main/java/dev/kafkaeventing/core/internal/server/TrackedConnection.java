package dev.kafkaeventing.core.internal.server;

import io.netty.channel.Channel;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What a connection guard knows of one admitted connection: when it was last active and whether it
 * is idle (no request being read, no response owed). Written by the connection's event loop, read
 * by any thread admitting another connection.
 */
public final class TrackedConnection {

  private final Channel channel;
  private final AtomicBoolean evicted = new AtomicBoolean();
  private final AtomicBoolean unqueued = new AtomicBoolean();
  private volatile long lastActivity = System.nanoTime();
  private volatile boolean readingRequest;
  private volatile int responsesOwed;
  private volatile boolean closed;

  public TrackedConnection(Channel channel) {
    this.channel = channel;
  }

  /** {@link System#nanoTime()} of the last byte read or response written. */
  public long lastActivity() {
    return lastActivity;
  }

  /** Whether closing the connection would cut no request and no response. */
  public boolean isIdle() {
    return !readingRequest && responsesOwed == 0 && !evicted.get();
  }

  /** Whether a response is owed: the server, not the client, is what the connection waits for. */
  boolean owesResponse() {
    return responsesOwed > 0;
  }

  /** Whether the connection has closed; the guard then forgets it. */
  public boolean isClosed() {
    return closed;
  }

  /** Called once the connection has closed. */
  public void closed() {
    closed = true;
  }

  /** Marks the connection as removed from the guard's queue; false when already marked. */
  public boolean unqueue() {
    return unqueued.compareAndSet(false, true);
  }

  /** Takes this connection as the one to close; false when another admission took it first. */
  public boolean claimForEviction() {
    return evicted.compareAndSet(false, true);
  }

  /** Closes the connection to make room; call after {@link #claimForEviction} succeeded. */
  public void evict() {
    channel.close();
  }

  /** A request's head was read (called by whatever reads requests: the HTTP codec's handler or a proxy's own reader). */
  public void requestStarted() {
    readingRequest = true;
    touch();
  }

  public void requestRead() {
    readingRequest = false;
    responsesOwed++;
    touch();
  }

  public void responseWritten() {
    if (responsesOwed > 0) {
      responsesOwed--;
    }
    touch();
  }

  void touch() {
    lastActivity = System.nanoTime();
  }
}
