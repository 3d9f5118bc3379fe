package dev.kafkaeventing.bench;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Random;

/**
 * The events a scenario publishes: binary-mode CloudEvents with {@code dataBytes} of opaque data,
 * ids counting up, types cycling through {@code types} names ({@code bench.t0}, {@code bench.t1},
 * ...), so event {@code n} has type {@code n % types}. Each carries its send time
 * ({@link System#nanoTime()} of the bench process) in the {@value #SENT_EXTENSION} extension, which
 * the platform keeps, so a subscriber in the same process measures publish-to-delivery latency.
 *
 * <p>Immutable and thread-safe; each call builds new headers.
 */
final class BenchEvents {

  /** CloudEvents extension carrying the send time in nanoseconds (bench process clock). */
  static final String SENT_EXTENSION = "benchsent";
  static final String SENT_HEADER = "ce-" + SENT_EXTENSION;
  static final String TYPE_PREFIX = "bench.t";

  private final byte[] data;
  private final int types;
  private final String authorization;

  BenchEvents(int dataBytes, int types) {
    this(dataBytes, types, null);
  }

  /** Events that carry {@code Authorization: <authorization>} (null: none). */
  BenchEvents(int dataBytes, int types, String authorization) {
    if (dataBytes < 0 || types < 1) {
      throw new IllegalArgumentException("dataBytes >= 0 and types >= 1 required");
    }
    this.data = new byte[dataBytes];
    new Random(42).nextBytes(data);
    this.types = types;
    this.authorization = authorization;
  }

  /** The type of event {@code sequence}. */
  String typeOf(long sequence) {
    return type((int) (sequence % types));
  }

  static String type(int index) {
    return TYPE_PREFIX + index;
  }

  /** The headers of event {@code sequence}, sent at {@code sentNanos}. */
  HttpHeaders headers(long sequence, long sentNanos) {
    HttpHeaders headers = new DefaultHttpHeaders();
    if (authorization != null) {
      headers.add("authorization", authorization);
    }
    return headers
        .add("ce-specversion", "1.0")
        .add("ce-id", Long.toString(sequence))
        .add("ce-source", "/bench")
        .add("ce-type", typeOf(sequence))
        .add(SENT_HEADER, Long.toString(sentNanos))
        .add("content-type", "application/octet-stream");
  }

  /** The shared data of every event; callers must not change it. */
  byte[] data() {
    return data;
  }
}
