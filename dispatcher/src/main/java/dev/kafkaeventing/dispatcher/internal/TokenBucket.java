package dev.kafkaeventing.dispatcher.internal;

/**
 * A token bucket: {@code rate} tokens per second, holding at most a quarter of a second's worth
 * (at least one). That rides out a stream thread that comes by late (on a busy machine its loop
 * can take 100 ms and more) while keeping bursts small against the limit.
 *
 * <p>Thread-safe: the stream threads of every task of a stream share a route's bucket.
 */
final class TokenBucket {

  private static final double NANOS_PER_SECOND = 1e9;

  private final double rate;
  private final double capacity;
  private double tokens = 1;
  private long refilledAt;

  TokenBucket(double rate, long nowNanos) {
    if (!(rate > 0)) {
      throw new IllegalArgumentException("rate must be positive, got " + rate);
    }
    this.rate = rate;
    this.capacity = Math.max(1, rate / 4);
    this.refilledAt = nowNanos;
  }

  double rate() {
    return rate;
  }

  /** Takes a token if one is there. */
  synchronized boolean tryTake(long nowNanos) {
    if (nowNanos > refilledAt) {
      tokens = Math.min(capacity, tokens + (nowNanos - refilledAt) * rate / NANOS_PER_SECOND);
      refilledAt = nowNanos;
    }
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }
}
