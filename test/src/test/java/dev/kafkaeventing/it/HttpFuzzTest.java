package dev.kafkaeventing.it;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.kafkaeventing.ingress.internal.MalformedRequests;
import dev.kafkaeventing.it.harness.PlatformHarness;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * {@code IngressFuzzTest}'s generated requests ({@link MalformedRequests}) sent over real sockets
 * to a running platform on the real Kafka: no 5xx but 503, nothing logged at ERROR by the
 * platform, no record added to the Brokers' topics by a well-framed request that was not answered
 * 202, and a valid request on a new connection is answered 202 every 100 cases and after the run.
 * A request that is not one well-framed message goes to Brokers of another namespace, then the
 * connection is half-closed, and only its answers are checked (its connection may close before a
 * complete request in it is answered, whose record may then land later).
 *
 * <p>{@code -Dfuzz.seed=N} replays a run (the seed is printed), {@code -Dhttp.fuzz.cases=N} sets how
 * many requests (default 2,000).
 */
class HttpFuzzTest {

  private static final int SOCKET_TIMEOUT_MS = 5_000;

  private final List<ILoggingEvent> logged = new CopyOnWriteArrayList<>();
  /** Exchanges that ended by the socket's timeout rather than a complete answer or a close. */
  private static final java.util.concurrent.atomic.AtomicInteger SILENT = new java.util.concurrent.atomic.AtomicInteger();

  @Test
  void shouldNeverFailWithAServerErrorOrWriteARefusedRequestWhenMalformedRequestsArriveOverHttp() throws Exception {
    long seed = Long.getLong("fuzz.seed", 0x5eed_18L);
    int cases = Integer.getInteger("http.fuzz.cases", 2_000);
    System.out.printf("HttpFuzzTest: seed %d, %d cases (replay with -Dfuzz.seed=%d)%n", seed, cases, seed);
    String ns = PlatformHarness.uniqueNamespace();
    String unframedNs = PlatformHarness.uniqueNamespace();
    AppenderBase<ILoggingEvent> capture = new AppenderBase<>() {
      @Override
      protected void append(ILoggingEvent event) {
        if (event.getLoggerName().startsWith("dev.kafkaeventing")
            && (event.getLevel().isGreaterOrEqual(Level.ERROR) || event.getThrowableProxy() != null)) {
          logged.add(event);
        }
      }
    };
    try (PlatformHarness platform = PlatformHarness.start();
        KafkaConsumer<byte[], byte[]> offsets = new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers()),
            new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      platform.apply("""
          apiVersion: eventing.knative.dev/v1
          kind: Broker
          metadata: {name: default, namespace: %1$s}
          ---
          apiVersion: eventing.knative.dev/v1
          kind: Broker
          metadata: {name: structured, namespace: %1$s}
          ---
          apiVersion: eventing.knative.dev/v1
          kind: Broker
          metadata: {name: default, namespace: %2$s}
          ---
          apiVersion: eventing.knative.dev/v1
          kind: Broker
          metadata: {name: structured, namespace: %2$s}
          """.formatted(ns, unframedNs));
      platform.awaitReady("broker", ns, "default");
      platform.awaitReady("broker", ns, "structured");
      List<TopicPartition> partitions = new ArrayList<>();
      for (String broker : List.of("default", "structured")) {
        String topic = "knative-broker-" + ns + "-" + broker;
        offsets.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      }
      URI ingress = URI.create(platform.ingressUrl());
      capture.start();
      root().addAppender(capture);
      MalformedRequests requests = new MalformedRequests(seed);
      int[] byStatus = new int[600];
      int checkedForWrites = 0;
      List<String> silentCases = new ArrayList<>();
      long written = written(offsets, partitions);
      long started = System.nanoTime();

      for (int i = 0; i < cases; i++) {
        MalformedRequests.Request request = requests.next();
        int number = i;
        Supplier<String> where = () -> "seed " + seed + ", case " + number + ":\n" + request.printable();
        int silentBefore = SILENT.get();
        List<Integer> statuses = request.framed()
            ? exchange(ingress, rewrite(request.bytes(), ns), false, 1)
            : exchange(ingress, rewrite(request.bytes(), unframedNs), true, Integer.MAX_VALUE);
        long now = request.framed() ? written(offsets, partitions) : written;
        if (SILENT.get() > silentBefore && silentCases.size() < 5) {
          silentCases.add((request.framed() ? "framed " : "unframed ") + statuses + " " + where.get());
        }

        for (int status : statuses) {
          byStatus[status]++;
          assertThat(status).as(() -> "status, " + where.get()).isNotEqualTo(0)
              .matches(s -> s < 500 || s == 503, "below 500 or 503");
        }
        if (request.framed() && !statuses.contains(202)) {
          checkedForWrites++;
          assertThat(now - written).as(() -> "records written for a refused request, " + where.get()).isZero();
        }
        written = now;
        if (i % 100 == 0) {
          assertThat(exchange(ingress, rewrite(MalformedRequests.valid(MalformedRequests.ROUTED, "fresh"), ns), false, 1))
              .as(() -> "a valid request on a new connection after " + where.get()).containsExactly(202);
          written = written(offsets, partitions);
        }
      }

      System.out.printf("HttpFuzzTest: %d cases in %d ms (%d refused ones checked for writes, %d ended by the"
              + " client's %d ms read timeout); answers 202=%d"
              + " 400=%d 404=%d 405=%d 413=%d 414=%d 431=%d 503=%d%n", cases, (System.nanoTime() - started) / 1_000_000,
          checkedForWrites, SILENT.get(), SOCKET_TIMEOUT_MS, byStatus[202], byStatus[400], byStatus[404], byStatus[405], byStatus[413], byStatus[414],
          byStatus[431], byStatus[503]);
      silentCases.forEach(c -> System.out.println("HttpFuzzTest: read timeout on " + c));
      assertThat(logged).as("errors or exceptions logged by the platform").isEmpty();
      assertThat(SILENT.get()).as("requests the server neither answered nor closed within %d ms: %s", SOCKET_TIMEOUT_MS,
          silentCases).isZero();
      assertThat(checkedForWrites).as("many refused requests checked").isGreaterThan(cases / 10);
      assertThat(exchange(ingress, rewrite(MalformedRequests.valid(MalformedRequests.ROUTED, "last"), ns), false, 1))
          .as("a valid request after the run").containsExactly(202);
    } finally {
      root().detachAppender(capture);
    }
  }

  /**
   * Sends {@code bytes} on a new connection and reads the answers: until {@code expected} complete
   * responses, the server closing, or {@link #SOCKET_TIMEOUT_MS} of silence; with {@code halfClose}
   * the connection's output is shut after the bytes, so the server sees their end.
   */
  private static List<Integer> exchange(URI ingress, byte[] bytes, boolean halfClose, int expected) throws IOException {
    try (Socket socket = new Socket(ingress.getHost(), ingress.getPort())) {
      socket.setSoTimeout(SOCKET_TIMEOUT_MS);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(bytes);
        out.flush();
        if (halfClose) {
          socket.shutdownOutput();
        }
      } catch (IOException closedEarly) {
        // The server answered and closed before taking every byte (e.g. 413, 431): read what it said.
      }
      // The answer to HEAD has a Content-Length but no body.
      boolean head = bytes.length >= 5 && new String(bytes, 0, 5, ISO_8859_1).equals("HEAD ");
      ByteArrayOutputStream answers = new ByteArrayOutputStream();
      InputStream in = socket.getInputStream();
      byte[] chunk = new byte[8192];
      try {
        for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
          answers.write(chunk, 0, n);
          if (Responses.complete(answers.toString(ISO_8859_1), head) >= expected) {
            break;
          }
        }
      } catch (SocketTimeoutException silent) {
        SILENT.incrementAndGet();
      } catch (IOException reset) {
        // Closed by the server: what was read is the answer.
      }
      return Responses.statuses(answers.toString(ISO_8859_1));
    }
  }

  /** Points the generator's {@code /ns/...} paths at this test's namespace (request line only). */
  private static byte[] rewrite(byte[] request, String ns) {
    String text = new String(request, ISO_8859_1);
    int lineEnd = text.indexOf('\n');
    String line = lineEnd < 0 ? text : text.substring(0, lineEnd);
    String rest = lineEnd < 0 ? "" : text.substring(lineEnd);
    return (line.replace(" /ns/", " /" + ns + "/") + rest).getBytes(ISO_8859_1);
  }

  /** Records in the Brokers' topics now. */
  private static long written(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions) {
    return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  /** Reads responses that each carry a Content-Length (the ingress always sets one). */
  static final class Responses {

    private Responses() {}

    /** Complete responses in {@code text}; {@code head}: answers to HEAD, without bodies. */
    static int complete(String text, boolean head) {
      int count = 0;
      int at = 0;
      while (at < text.length()) {
        int headEnd = text.indexOf("\r\n\r\n", at);
        if (headEnd < 0) {
          return count;
        }
        int end = headEnd + 4 + (head || text.startsWith("HTTP/1.", headEnd + 4) ? 0 : length(text.substring(at, headEnd)));
        if (end > text.length()) {
          return count;
        }
        if (!interim(text, at)) {
          count++;
        }
        at = end;
      }
      return count;
    }

    /** The status of each response, 0 for bytes that are not a response. */
    static List<Integer> statuses(String text) {
      List<Integer> statuses = new ArrayList<>();
      int at = 0;
      while (at < text.length()) {
        int headEnd = text.indexOf("\r\n\r\n", at);
        if (headEnd < 0 || !text.startsWith("HTTP/1.", at)) {
          statuses.add(0);
          break;
        }
        if (!interim(text, at)) {
          statuses.add(Integer.parseInt(text.substring(at + 9, at + 12)));
        }
        boolean bodiless = text.startsWith("HTTP/1.", headEnd + 4) || headEnd + 4 == text.length();
        at = headEnd + 4 + (bodiless ? 0 : length(text.substring(at, headEnd)));
      }
      return statuses;
    }

    /** A {@code 100 Continue}: not the request's answer. */
    private static boolean interim(String text, int at) {
      return text.startsWith("1", at + 9);
    }

    private static int length(String head) {
      for (String line : head.split("\r\n")) {
        if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
          return Integer.parseInt(line.substring(15).trim());
        }
      }
      return 0;
    }
  }
}
