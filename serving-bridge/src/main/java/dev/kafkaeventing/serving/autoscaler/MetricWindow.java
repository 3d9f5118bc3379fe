package dev.kafkaeventing.serving.autoscaler;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The per-second samples of one revision's metric (concurrency or requests per second) and their
 * averages over a window ending now: the mean of the samples within it, as Knative averages its
 * per-second buckets since the first one in the window. Samples older than {@code retention} are
 * dropped. Thread-safe.
 */
public final class MetricWindow {

  private record Sample(Instant at, double value) {}

  private final Duration retention;
  private final Deque<Sample> samples = new ArrayDeque<>();

  /** @param retention the longest window asked for (the stable window) */
  public MetricWindow(Duration retention) {
    this.retention = retention;
  }

  public synchronized void record(Instant at, double value) {
    samples.addLast(new Sample(at, value));
    Instant oldest = at.minus(retention);
    while (!samples.isEmpty() && samples.peekFirst().at().isBefore(oldest)) {
      samples.pollFirst();
    }
  }

  /** The mean of the samples in {@code (now - window, now]}, NaN when there is none. */
  public synchronized double average(Instant now, Duration window) {
    Instant from = now.minus(window);
    double sum = 0;
    int count = 0;
    for (Sample sample : samples) {
      if (sample.at().isAfter(from) && !sample.at().isAfter(now)) {
        sum += sample.value();
        count++;
      }
    }
    return count == 0 ? Double.NaN : sum / count;
  }
}
