package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.management.UnixOperatingSystemMXBean;
import dev.kafkaeventing.core.ListenerLimits;
import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.platform.Listeners;
import dev.kafkaeventing.platform.PlatformConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Idle timeouts and connection caps of a real platform's listeners, and a bounded flood of idle
 * loopback connections that must neither lock publishers out nor take the platform down.
 */
class ConnectionLimitsTest {

  /**
   * Well below the flood, yet large enough that a publisher's new connection has its request read
   * long before a thousand newer idle connections make it the oldest idle one.
   */
  private static final int INGRESS_CAP = 2_000;
  private static final int FLOOD = 3_000;
  private static final String BROKER = "default";

  static PlatformHarness platform;
  static String path;
  static URI ingress;
  static URI admin;

  @BeforeAll
  static void start() {
    PlatformConfig config = PlatformHarness.config();
    ListenerLimits control = new ListenerLimits(Duration.ofSeconds(1), 16);
    platform = PlatformHarness.start(config.withListeners(Listeners.defaults()
        .withLimits(new ListenerLimits(Duration.ofSeconds(3), INGRESS_CAP), control, control)));
    String namespace = PlatformHarness.uniqueNamespace();
    IngressRecords.applyReadyBroker(platform, namespace, BROKER);
    path = "/" + namespace + "/" + BROKER;
    ingress = URI.create(platform.ingressUrl());
    admin = URI.create(platform.adminUrl());
  }

  @AfterAll
  static void stop() {
    platform.close();
  }

  @Test
  void shouldCloseIngressAndAdminConnectionsWhenIdleLongerThanTheTimeout() throws IOException {
    try (Socket toIngress = connect(ingress); Socket toAdmin = connect(admin)) {
      assertThat(exchange(toIngress, publish("idle-1", true))).startsWith("HTTP/1.1 202 ");

      assertThat(readUntilClosed(toIngress)).as("ingress closed the idle connection").isTrue();
      assertThat(readUntilClosed(toAdmin)).as("admin closed the idle connection").isTrue();
    }
  }

  @Test
  void shouldAnswer503ToTheNewestConnectionWhenAtTheCapAndNoneIsIdle() throws IOException {
    List<Socket> busy = new ArrayList<>();
    try {
      // Every admitted connection is in the middle of a request (its head read, as the 100 Continue
      // shows): none may be closed to make room.
      for (int i = 0; i < INGRESS_CAP; i++) {
        Socket socket = connect(ingress);
        busy.add(socket);
        assertThat(exchange(socket, chunkedHead("busy-" + i))).startsWith("HTTP/1.1 100 ");
      }

      String refused;
      try (Socket newest = connect(ingress)) {
        refused = exchange(newest, publish("newest", true));
      }

      assertThat(refused).startsWith("HTTP/1.1 503 ").containsIgnoringCase("connection: close")
          .contains("too many connections to the ingress (limit " + INGRESS_CAP + ")");
      assertThat(exchange(busy.get(0), "2\r\n{}\r\n0\r\n\r\n")).as("an existing connection is served")
          .startsWith("HTTP/1.1 202 ");
    } finally {
      closeAll(busy);
    }
  }

  @Test
  void shouldKeepServingPublishersOnNewConnectionsWhenFloodedWithIdleConnections() throws Exception {
    // Connections of the other tests may still be closing: the flood starts on an empty listener.
    await().atMost(Duration.ofSeconds(20)).until(() -> ingressConnections() == 0);
    int flood = Math.min(FLOOD, spareDescriptors() / 2);
    List<Socket> idle = new ArrayList<>(flood);
    AtomicBoolean flooding = new AtomicBoolean(true);
    CompletableFuture<List<String>> publisher = CompletableFuture.supplyAsync(() -> {
      List<String> statuses = new ArrayList<>();
      for (int i = 0; i < 200 && (flooding.get() || statuses.size() < 20); i++) {
        try (Socket socket = connect(ingress)) {
          String answer = exchange(socket, publish("flood-" + i, false));
          statuses.add(answer.isEmpty() ? "no answer" : answer.substring(0, answer.indexOf('\r')));
        } catch (IOException e) {
          statuses.add(e.toString());
        }
      }
      return statuses;
    });
    long start = System.nanoTime();
    try {
      for (int i = 0; i < flood; i++) {
        idle.add(connect(ingress));
      }
      flooding.set(false);
      List<String> statuses = publisher.get(60, TimeUnit.SECONDS);

      assertThat(statuses).hasSizeGreaterThanOrEqualTo(20).containsOnly("HTTP/1.1 202 Accepted");
      assertThat(readyz()).as("platform alive after the flood").isEqualTo(200);
      System.out.printf("flood: %d idle connections (cap %d) in %d ms, %d publishes all 202%n",
          flood, INGRESS_CAP, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), statuses.size());
    } finally {
      flooding.set(false);
      closeAll(idle);
    }
  }

  /** The ingress's open connections, from the platform's own gauge. */
  private static int ingressConnections() throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String metrics = http.send(HttpRequest.newBuilder(URI.create(platform.metricsUrl() + "/metrics"))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
    return metrics.lines().filter(line -> line.startsWith("kafka_eventing_ingress_connections "))
        .map(line -> (int) Double.parseDouble(line.substring(line.indexOf(' ') + 1))).findFirst().orElseThrow();
  }

  private static int readyz() throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    return http.send(HttpRequest.newBuilder(admin.resolve("/readyz")).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** Descriptors this JVM may still open (the platform under test shares them). */
  private static int spareDescriptors() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix) {
      return (int) Math.min(Integer.MAX_VALUE,
          unix.getMaxFileDescriptorCount() - unix.getOpenFileDescriptorCount());
    }
    return FLOOD * 2;
  }

  private static String publish(String id, boolean keepAlive) {
    return "POST " + path + " HTTP/1.1\r\nHost: " + ingress.getAuthority() + "\r\nce-specversion: 1.0\r\n"
        + "ce-id: " + id + "-" + UUID.randomUUID() + "\r\nce-source: /it/connections\r\nce-type: t\r\n"
        + "Content-Type: application/json\r\nContent-Length: 2\r\n"
        + (keepAlive ? "" : "Connection: close\r\n") + "\r\n{}";
  }

  private static String chunkedHead(String id) {
    return "POST " + path + " HTTP/1.1\r\nHost: " + ingress.getAuthority() + "\r\nce-specversion: 1.0\r\n"
        + "ce-id: " + id + "-" + UUID.randomUUID() + "\r\nce-source: /it/connections\r\nce-type: t\r\n"
        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n";
  }

  private static Socket connect(URI uri) throws IOException {
    return new Socket(uri.getHost(), uri.getPort());
  }

  private static void write(Socket socket, String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
  }

  /** Writes {@code text} and reads one response: its head and a Content-Length body. */
  private static String exchange(Socket socket, String text) throws IOException {
    write(socket, text);
    socket.setSoTimeout(20_000);
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int headEnd = -1;
    int length = 0;
    try {
      for (int b = in.read(); b >= 0; b = in.read()) {
        out.write(b);
        String sofar = out.toString(StandardCharsets.US_ASCII);
        if (headEnd < 0 && sofar.endsWith("\r\n\r\n")) {
          headEnd = sofar.length();
          length = contentLength(sofar);
        }
        if (headEnd >= 0 && (sofar.length() - headEnd >= length || sofar.startsWith("HTTP/1.1 100 "))) {
          break;
        }
      }
    } catch (SocketTimeoutException e) {
      // Return what arrived; the assertion shows it.
    }
    return out.toString(StandardCharsets.US_ASCII);
  }

  private static int contentLength(String head) {
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) {
        return Integer.parseInt(line.substring("content-length:".length()).strip());
      }
    }
    return 0;
  }

  /** Whether the server closes the connection within 15 s while the client stays silent. */
  private static boolean readUntilClosed(Socket socket) throws IOException {
    socket.setSoTimeout(15_000);
    try {
      return socket.getInputStream().read() == -1;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (java.net.SocketException e) {
      return true; // reset: closed too
    }
  }

  private static void closeAll(List<Socket> sockets) {
    for (Socket socket : sockets) {
      try {
        socket.close();
      } catch (IOException e) {
        // Closing is best effort here.
      }
    }
  }
}
