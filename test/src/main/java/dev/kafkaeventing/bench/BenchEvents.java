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
 * <p>{@link #batch} builds the batched variant instead: each request is one
 * {@code application/cloudevents-batch+json} array of {@code eventsPerRequest} events with JSON
 * {@code data} of {@code dataBytes}; the body is the same for every request (the ingress does not
 * deduplicate ids), and carries no send time.
 *
 * <p>Immutable and thread-safe; each call builds new headers.
 */
final class BenchEvents {

  /** CloudEvents extension carrying the send time in nanoseconds (bench process clock). */
  static final String SENT_EXTENSION = "benchsent";
  static final String SENT_HEADER = "ce-" + SENT_EXTENSION;
  static final String TYPE_PREFIX = "bench.t";

  static final String BATCH_CONTENT_TYPE = "application/cloudevents-batch+json";

  private final byte[] data;
  private final int types;
  private final String authorization;
  private final int eventsPerRequest;

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
    this.eventsPerRequest = 1;
  }

  private BenchEvents(byte[] body, int eventsPerRequest) {
    this.data = body;
    this.types = 1;
    this.authorization = null;
    this.eventsPerRequest = eventsPerRequest;
  }

  /** Batched requests of {@code eventsPerRequest} structured events with {@code dataBytes} of JSON data each. */
  static BenchEvents batch(int dataBytes, int eventsPerRequest) {
    if (dataBytes < 32 || eventsPerRequest < 1) {
      throw new IllegalArgumentException("dataBytes >= 32 and eventsPerRequest >= 1 required");
    }
    Random random = new Random(42);
    String letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ";
    StringBuilder body = new StringBuilder(eventsPerRequest * (dataBytes + 160)).append('[');
    for (int i = 0; i < eventsPerRequest; i++) {
      String prefix = "{\"n\":" + i + ",\"text\":\"";
      StringBuilder text = new StringBuilder();
      for (int j = prefix.length() + 2; j < dataBytes; j++) {
        text.append(letters.charAt(random.nextInt(letters.length())));
      }
      body.append(i == 0 ? "" : ",")
          .append("{\"specversion\":\"1.0\",\"id\":\"b").append(i)
          .append("\",\"source\":\"/bench\",\"type\":\"").append(type(0))
          .append("\",\"datacontenttype\":\"application/json\",\"data\":")
          .append(prefix).append(text).append("\"}}");
    }
    return new BenchEvents(body.append(']').toString().getBytes(java.nio.charset.StandardCharsets.UTF_8),
        eventsPerRequest);
  }

  /** Events in each request: 1, or a batch's size. */
  int eventsPerRequest() {
    return eventsPerRequest;
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
    if (eventsPerRequest > 1) {
      return headers.add("content-type", BATCH_CONTENT_TYPE);
    }
    return headers
        .add("ce-specversion", "1.0")
        .add("ce-id", Long.toString(sequence))
        .add("ce-source", "/bench")
        .add("ce-type", typeOf(sequence))
        .add(SENT_HEADER, Long.toString(sentNanos))
        .add("content-type", "application/octet-stream");
  }

  /** The shared data of every event (of every batch request); callers must not change it. */
  byte[] data() {
    return data;
  }
}
