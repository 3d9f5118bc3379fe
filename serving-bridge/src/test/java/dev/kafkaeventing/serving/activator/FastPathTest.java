package dev.kafkaeventing.serving.activator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafkaeventing.core.ListenerLimits;
import dev.kafkaeventing.core.ServerTls;
import dev.kafkaeventing.serving.RevisionId;
import dev.kafkaeventing.serving.runtime.ReplicaEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The activator's byte-level fast path against a replica that writes raw HTTP/1.1 (so that the
 * test chooses the framing: chunked, Content-Length, until close) and a client that writes raw
 * bytes (split, pipelined, chunked).
 */
class FastPathTest {

  private static final RevisionId REVISION = new RevisionId("ns", "svc-00001");
  private static final RevisionId QUICK = new RevisionId("ns", "quick-00001");

  private ServerSocket replica;
  private Thread acceptor;
  private Activator activator;
  private ActivatorRoutes routes;
  private Throttlers throttlers;
  private final AtomicLong bigWritten = new AtomicLong();
  private final AtomicLong connections = new AtomicLong();

  @BeforeEach
  void start() throws IOException {
    replica = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(this::acceptLoop, "raw-replica");
    acceptor.setDaemon(true);
    acceptor.start();
    routes = new ActivatorRoutes();
    routes.publish("ns/svc", Map.of("svc.ns.example.com", TrafficSplit.to(REVISION)), TrafficSplit.to(REVISION));
    routes.publish("ns/quick", Map.of(), TrafficSplit.to(QUICK));
    throttlers = new Throttlers(10);
    throttlers.configure(REVISION, 0, Duration.ofSeconds(30), null, null);
    throttlers.configure(QUICK, 0, Duration.ofSeconds(1), null, null);
    for (RevisionId revision : List.of(REVISION, QUICK)) {
      throttlers.endpoints(revision, List.of(new ReplicaEndpoint("127.0.0.1", replica.getLocalPort())));
    }
    activator = Activator.start("127.0.0.1", 0, new ListenerLimits(Duration.ofSeconds(30), 100), ServerTls.none(),
        routes, throttlers, InboundTokens.OFF);
  }

  @AfterEach
  void stop() throws IOException {
    activator.close();
    replica.close();
  }

  @Test
  void shouldForwardAChunkedBodySentInPiecesAndThenThePipelinedRequestWhenBothShareAWrite() throws IOException {
    try (Socket client = client()) {
      OutputStream out = client.getOutputStream();

      out.write(ascii("POST /ns/svc/echo HTTP/1.1\r\nHost: x\r\nTransfer-"));
      out.flush();
      out.write(ascii("Encoding: chunked\r\n\r\n5\r\nhel"));
      out.flush();
      out.write(ascii("lo\r\n6\r\n world\r\n0\r\n\r\nGET /ns/svc/echo HTTP/1.1\r\nHost: x\r\n\r\n"));
      Response first = Response.read(client.getInputStream());
      Response second = Response.read(client.getInputStream());

      assertThat(first.body()).isEqualTo("POST /echo chunked body=hello world revision=svc-00001");
      assertThat(second.body()).isEqualTo("GET /echo  body= revision=svc-00001");
    }
  }

  @Test
  void shouldPassAChunkedResponseAndReuseBothConnectionsWhenTheReplicaFramesItChunked() throws IOException {
    try (Socket client = client()) {
      for (int i = 0; i < 3; i++) {
        client.getOutputStream().write(ascii("GET /ns/svc/chunked HTTP/1.1\r\nHost: x\r\n\r\n"));

        Response response = Response.read(client.getInputStream());

        assertThat(response.head()).containsIgnoringCase("transfer-encoding: chunked");
        assertThat(response.body()).isEqualTo("one-two-three");
      }
    }
    assertThat(connections.get()).isEqualTo(1);
  }

  @Test
  void shouldReframeTheBodyChunkedAndKeepTheClientConnectionWhenTheReplicaEndsItByClosing() throws IOException {
    try (Socket client = client()) {
      client.getOutputStream().write(ascii("GET /ns/svc/close HTTP/1.1\r\nHost: x\r\n\r\n"));
      Response closing = Response.read(client.getInputStream());
      client.getOutputStream().write(ascii("GET /ns/svc/echo HTTP/1.1\r\nHost: x\r\n\r\n"));
      Response next = Response.read(client.getInputStream());

      assertThat(closing.head()).startsWith("HTTP/1.1 200").containsIgnoringCase("transfer-encoding: chunked")
          .doesNotContainIgnoringCase("connection:");
      assertThat(closing.body()).isEqualTo("until the end");
      assertThat(next.body()).startsWith("GET /echo");
    }
  }

  @Test
  void shouldAnswerThroughTheFullCodecWhenALaterRequestOnTheConnectionIsNotPlain() throws IOException {
    try (Socket client = client()) {
      client.getOutputStream().write(ascii("GET /ns/svc/echo HTTP/1.1\r\nHost: x\r\n\r\n"));
      Response fast = Response.read(client.getInputStream());
      client.getOutputStream().write(ascii("POST /ns/svc/echo HTTP/1.1\r\nHost: x\r\nConnection: keep-alive, X-Private\r\n"
          + "X-Private: 1\r\nContent-Length: 2\r\n\r\nok"));
      Response full = Response.read(client.getInputStream());
      client.getOutputStream().write(ascii("GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n"));
      Response missing = Response.read(client.getInputStream());

      assertThat(fast.body()).startsWith("GET /echo");
      assertThat(full.body()).isEqualTo("POST /echo  body=ok revision=svc-00001");
      assertThat(missing.head()).startsWith("HTTP/1.1 404");
    }
  }

  @Test
  void shouldKeepTheReplicaWaitingWhenTheClientDoesNotReadAHundredMebibyteResponse() throws IOException {
    long size = 100L * 1024 * 1024;
    try (Socket client = client()) {
      client.getOutputStream().write(ascii("GET /ns/svc/big?" + size + " HTTP/1.1\r\nHost: x\r\n\r\n"));
      long[] last = {-1};

      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
        long now = bigWritten.get();
        boolean stalled = now > 0 && now == last[0];
        last[0] = now;
        return stalled;
      });
      long writtenWhileStalled = bigWritten.get();
      InputStream in = client.getInputStream();
      String head = Response.head(in);
      long received = 0;
      for (int n; received < size && (n = in.read(new byte[65536])) > 0; ) {
        received += n;
      }

      assertThat(writtenWhileStalled).isLessThan(48L * 1024 * 1024);
      assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("content-length: " + size);
      assertThat(received).isEqualTo(size);
    }
  }

  @Test
  void shouldAnswer504AfterTimeoutSecondsWhenTheSecondRequestOfAConnectionIsNeverAnswered() throws IOException {
    try (Socket client = client()) {
      client.getOutputStream().write(ascii("GET /ns/quick/echo HTTP/1.1\r\nHost: x\r\n\r\n"));
      Response first = Response.read(client.getInputStream());
      long start = System.nanoTime();
      client.getOutputStream().write(ascii("GET /ns/quick/hang HTTP/1.1\r\nHost: x\r\n\r\n"));
      Response hung = Response.read(client.getInputStream());
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(first.body()).startsWith("GET /echo");
      assertThat(hung.head()).startsWith("HTTP/1.1 504").containsIgnoringCase("connection: close");
      assertThat(hung.body()).contains("did not answer within 1s (timeoutSeconds)");
      assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofMillis(3000));
    }
  }

  @Test
  void shouldStreamASixteenMebibyteUploadWhenTheReplicaReadsItAll() throws Exception {
    byte[] upload = new byte[16 * 1024 * 1024];
    java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
        .build();

    java.net.http.HttpResponse<String> posted = http.send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create("http://127.0.0.1:" + activator.port() + "/ns/svc/count"))
        .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(upload)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());

    assertThat(posted.body()).isEqualTo("POST /count  body=" + upload.length + " bytes revision=svc-00001");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "GET /ns/svc/echo HTTP/1.1\r\nHost: x\r\nX-Folded: 1\r\n more\r\n\r\n",
      "GET /ns/svc/echo HTTP/1.1\r\nHost: x\r\nBad Name: 1\r\n\r\n",
      "GET /ns/svc/echo HTTP/1.1\r\nHost: x\r\nX-Control: a\u0001b\r\n\r\n",
      "GET /ns/svc/echo HTTP/1.1\r\nHost: x\r\nX-Long-Value: abcdefghijk\u007Flmnopqrstuvwxyz\r\n\r\n",
      "GET /ns/svc/echo HTTP/1.1\r\nHost: x\r\nX-Carriage: a\rb\r\n\r\n",
      "GET /ns/svc/echo HTTP/1.1\nHost: x\n\n",
  })
  void shouldAnswerAsTheFullCodecDoesWhenAHeadAfterAPlainRequestIsNotPlain(String notPlain) throws IOException {
    Activator fullCodec;
    System.setProperty(Activator.FAST_PATH_PROPERTY, "false");
    try {
      fullCodec = Activator.start("127.0.0.1", 0, new ListenerLimits(Duration.ofSeconds(30), 100), ServerTls.none(),
          routes, throttlers, InboundTokens.OFF);
    } finally {
      System.clearProperty(Activator.FAST_PATH_PROPERTY);
    }
    try {
      String viaFastPath = statusAfterAPlainRequest(activator.port(), notPlain);
      String viaFullCodec = statusAfterAPlainRequest(fullCodec.port(), notPlain);

      assertThat(viaFastPath).isEqualTo(viaFullCodec);
    } finally {
      fullCodec.close();
    }
  }

  @Test
  void shouldAnswer400WhenAHeaderNameHoldsASpaceAfterAPlainRequest() throws IOException {
    String status = statusAfterAPlainRequest(activator.port(),
        "GET /ns/svc/echo HTTP/1.1\r\nHost: x\r\nBad Name: 1\r\n\r\n");

    assertThat(status).startsWith("HTTP/1.1 400");
  }

  /** The status line answered to {@code second}, sent on a connection after a plain request was answered. */
  private static String statusAfterAPlainRequest(int port, String second) throws IOException {
    try (Socket client = new Socket("127.0.0.1", port)) {
      client.setSoTimeout(15_000);
      client.getOutputStream().write(ascii("GET /ns/svc/echo HTTP/1.1\r\nHost: x\r\n\r\n"));
      Response first = Response.read(client.getInputStream());
      assertThat(first.body()).startsWith("GET /echo");
      client.getOutputStream().write(second.getBytes(StandardCharsets.ISO_8859_1));
      String head = Response.head(client.getInputStream());
      return head.substring(0, head.indexOf('\r'));
    }
  }

  private Socket client() throws IOException {
    Socket client = new Socket("127.0.0.1", activator.port());
    client.setSoTimeout(15_000);
    client.setReceiveBufferSize(64 * 1024);
    return client;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private void acceptLoop() {
    while (!replica.isClosed()) {
      try {
        Socket socket = replica.accept();
        connections.incrementAndGet();
        Thread serving = new Thread(() -> serve(socket), "raw-replica-connection");
        serving.setDaemon(true);
        serving.start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  /** Answers by path: /echo (what was received), /chunked, /close (body until close), /big?N, /count; /hang never. */
  private void serve(Socket socket) {
    try (socket) {
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      while (true) {
        String head = Response.head(in);
        String[] requestLine = head.substring(0, head.indexOf('\r')).split(" ");
        boolean chunked = head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked");
        String path = requestLine[1];
        String body = chunked ? Response.chunkedBody(in)
            : path.startsWith("/count") ? in.readNBytes(Response.length(head, 0)).length + " bytes"
            : new String(in.readNBytes(Response.length(head, 0)), StandardCharsets.US_ASCII);
        if (path.startsWith("/hang")) {
          continue; // never answered
        } else if (path.startsWith("/chunked")) {
          out.write(ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
              + "4\r\none-\r\n4\r\ntwo-\r\n5\r\nthree\r\n0\r\n\r\n"));
        } else if (path.startsWith("/close")) {
          out.write(ascii("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end"));
          return;
        } else if (path.startsWith("/big")) {
          long size = Long.parseLong(path.substring(path.indexOf('?') + 1));
          out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: " + size + "\r\n\r\n"));
          byte[] block = new byte[64 * 1024];
          for (long sent = 0; sent < size; sent += block.length) {
            out.write(block);
            bigWritten.addAndGet(block.length);
          }
        } else {
          String revision = head.lines().filter(l -> l.startsWith("knative-serving-revision:"))
              .map(l -> l.substring(25).trim()).findFirst().orElse("?");
          byte[] answer = ascii(requestLine[0] + " " + path + " " + (chunked ? "chunked" : "") + " body=" + body
              + " revision=" + revision);
          out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: " + answer.length + "\r\n\r\n"));
          out.write(answer);
        }
        out.flush();
      }
    } catch (IOException | RuntimeException closed) {
      // the activator closed the connection
    }
  }

  /** One response read off a raw socket (Content-Length, chunked, or none for 1xx). */
  record Response(String head, String body) {

    static Response read(InputStream in) throws IOException {
      String head = head(in);
      if (head.startsWith("HTTP/1.1 1")) {
        return new Response(head, "");
      }
      if (head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
        return new Response(head, chunkedBody(in));
      }
      return new Response(head, new String(in.readNBytes(length(head, 0)), StandardCharsets.US_ASCII));
    }

    static String head(InputStream in) throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("closed after " + head);
        }
        head.write(b);
      }
      return head.toString(StandardCharsets.US_ASCII);
    }

    static int length(String head, int otherwise) {
      return head.lines().filter(l -> l.toLowerCase(Locale.ROOT).startsWith("content-length:"))
          .mapToInt(l -> Integer.parseInt(l.substring(15).trim())).findFirst().orElse(otherwise);
    }

    static String chunkedBody(InputStream in) throws IOException {
      StringBuilder body = new StringBuilder();
      while (true) {
        String sizeLine = line(in);
        int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
        if (size == 0) {
          while (!line(in).isEmpty()) {
            // trailers
          }
          return body.toString();
        }
        body.append(new String(in.readNBytes(size), StandardCharsets.US_ASCII));
        line(in);
      }
    }

    private static String line(InputStream in) throws IOException {
      StringBuilder line = new StringBuilder();
      for (int b = in.read(); b != '\n'; b = in.read()) {
        if (b < 0) {
          throw new IOException("closed");
        }
        if (b != '\r') {
          line.append((char) b);
        }
      }
      return line.toString();
    }
  }
}
