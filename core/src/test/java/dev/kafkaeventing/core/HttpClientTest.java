package dev.kafkaeventing.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kafkaeventing.core.TestHttpServer.Reply;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpClientTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private HttpClient client;
  private TestHttpServer server;

  @BeforeEach
  void setUp() throws IOException {
    client = HttpClient.create(new HttpClientConfig(2, 8, Duration.ofSeconds(2), 1 << 20));
    server = new TestHttpServer();
  }

  @AfterEach
  void tearDown() {
    server.close();
    client.close();
  }

  @Test
  void shouldSendMethodPathHeadersAndBodyAndReturnTheResponseWhenServerAnswers() {
    server.respond(r -> Reply.of(201, Map.of("X-Answer", "42"), "created".getBytes(StandardCharsets.UTF_8)));
    HttpHeaders headers = new DefaultHttpHeaders().add("X-Custom", "yes").add("Content-Type", "text/plain");

    HttpResponse response = client.send(
        HttpRequest.post(server.uri("/a/b?c=d"), headers, "hello".getBytes(StandardCharsets.UTF_8), TIMEOUT))
        .join();

    assertThat(response.status()).isEqualTo(201);
    assertThat(response.headers().get("x-answer")).isEqualTo("42");
    assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("created");
    TestHttpServer.Recorded recorded = server.requests().get(0);
    assertThat(recorded.method()).isEqualTo("POST");
    assertThat(recorded.path()).isEqualTo("/a/b?c=d");
    assertThat(recorded.header("X-Custom")).isEqualTo("yes");
    assertThat(recorded.header("Host")).isEqualTo("127.0.0.1:" + server.port());
    assertThat(new String(recorded.body(), StandardCharsets.UTF_8)).isEqualTo("hello");
  }

  @Test
  void shouldReuseOneConnectionWhenRequestsAreSequential() {
    for (int i = 0; i < 20; i++) {
      assertThat(client.send(HttpRequest.get(server.uri("/"), null, TIMEOUT)).join().status()).isEqualTo(200);
    }

    assertThat(server.requests()).hasSize(20);
    assertThat(server.connections()).isEqualTo(1);
  }

  @Test
  void shouldCompleteAllAndStayWithinTheConnectionLimitWhenManyRequestsRunInParallel() {
    server.respond(r -> Reply.of(200, Map.of(), r.body()));
    List<CompletableFuture<HttpResponse>> futures = new ArrayList<>();

    for (int i = 0; i < 300; i++) {
      byte[] body = ("request-" + i).getBytes(StandardCharsets.UTF_8);
      futures.add(client.send(HttpRequest.post(server.uri("/" + i), null, body, TIMEOUT)));
    }
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();

    for (int i = 0; i < futures.size(); i++) {
      assertThat(new String(futures.get(i).join().body(), StandardCharsets.UTF_8)).isEqualTo("request-" + i);
    }
    assertThat(server.connections()).isBetween(1, 8);
  }

  @Test
  void shouldHandTheFreedConnectionToTheNextWaiterWhenAnEarlierWaiterTimedOut() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    server.respond(r -> {
      if (r.index() == 0) {
        awaitQuietly(release);
      }
      return Reply.of(200);
    });
    try (HttpClient single = HttpClient.create(new HttpClientConfig(2, 1, Duration.ofSeconds(2), 1 << 20))) {

      CompletableFuture<HttpResponse> first = single.send(HttpRequest.get(server.uri("/first"), null, TIMEOUT));
      CompletableFuture<HttpResponse> waiter =
          single.send(HttpRequest.get(server.uri("/waiter"), null, Duration.ofMillis(200)));
      CompletableFuture<HttpResponse> third = single.send(HttpRequest.get(server.uri("/third"), null, TIMEOUT));
      assertThatThrownBy(waiter::join).hasCauseInstanceOf(HttpTimeoutException.class);
      release.countDown();

      assertThat(first.get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
      assertThat(third.get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
      assertThat(server.requests()).extracting(TestHttpServer.Recorded::path).containsExactly("/first", "/third");
      assertThat(server.connections()).isEqualTo(1);
    }
  }

  @Test
  void shouldRunTheTaskOnAClientEventLoopAndSendFromThereWhenExecutingForADestination() throws Exception {
    CompletableFuture<String> thread = new CompletableFuture<>();
    CompletableFuture<HttpResponse> sent = new CompletableFuture<>();

    client.execute(server.uri("/"), () -> {
      thread.complete(Thread.currentThread().getName());
      client.send(HttpRequest.get(server.uri("/from-loop"), null, TIMEOUT)).whenComplete((r, e) -> sent.complete(r));
    });

    assertThat(thread.get(5, TimeUnit.SECONDS)).startsWith("http-client");
    assertThat(sent.get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
    assertThatThrownBy(() -> client.execute(URI.create("/relative"), () -> { }))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void shouldFailWithTimeoutAndNotReuseTheConnectionWhenServerDoesNotAnswerInTime() {
    server.respond(r -> r.index() == 0 ? Reply.holdForever() : Reply.of(200));
    long start = System.nanoTime();

    CompletableFuture<HttpResponse> slow =
        client.send(HttpRequest.get(server.uri("/slow"), null, Duration.ofMillis(300)));

    assertThatThrownBy(slow::join).isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(HttpTimeoutException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(290), Duration.ofSeconds(3));
    assertThat(client.send(HttpRequest.get(server.uri("/next"), null, TIMEOUT)).join().status()).isEqualTo(200);
    assertThat(server.connections()).isEqualTo(2);
  }

  @Test
  void shouldFailWithConnectExceptionWhenNothingListens() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }

    CompletableFuture<HttpResponse> future =
        client.send(HttpRequest.get(URI.create("http://127.0.0.1:" + port + "/"), null, TIMEOUT));

    assertThatThrownBy(future::join).hasCauseInstanceOf(ConnectException.class);
  }

  @Test
  void shouldFailWithClosedChannelWhenServerClosesTheConnectionBeforeAnswering() throws IOException {
    try (RawHttpServer raw = new RawHttpServer((index, socket, connection) -> connection.readRequest())) {

      CompletableFuture<HttpResponse> future = client.send(HttpRequest.get(raw.uri("/"), null, TIMEOUT));

      assertThatThrownBy(future::join).hasCauseInstanceOf(ClosedChannelException.class);
      assertThat(raw.connections()).isEqualTo(1);
    }
  }

  @Test
  void shouldFailWhenServerClosesTheConnectionInTheMiddleOfTheBody() throws IOException {
    try (RawHttpServer raw = new RawHttpServer((index, socket, connection) -> {
      connection.readRequest();
      connection.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly a part");
    })) {

      CompletableFuture<HttpResponse> future = client.send(HttpRequest.get(raw.uri("/"), null, TIMEOUT));

      assertThatThrownBy(future::join).hasCauseInstanceOf(IOException.class);
    }
  }

  @Test
  void shouldFailNotResendWhenAReusedConnectionClosesAfterTheServerReadTheRequest() throws IOException {
    AtomicInteger requests = new AtomicInteger();
    try (RawHttpServer raw = new RawHttpServer((index, socket, connection) -> {
      connection.readRequest();
      requests.incrementAndGet();
      connection.writeOk("first-" + index);
      if (connection.readRequest() != null) {
        requests.incrementAndGet(); // a keep-alive request arrives and the server closes instead of answering
      }
    })) {
      assertThat(client.send(HttpRequest.get(raw.uri("/"), null, TIMEOUT)).join().body()).asString()
          .isEqualTo("first-0");

      CompletableFuture<HttpResponse> second = client.send(HttpRequest.get(raw.uri("/"), null, TIMEOUT));

      // The request reached the server, which may have acted on it: sending it again is the caller's call.
      assertThatThrownBy(second::join).hasCauseInstanceOf(ClosedChannelException.class);
      assertThat(requests.get()).isEqualTo(2);
      assertThat(raw.connections()).isEqualTo(1);
    }
  }

  @Test
  void shouldNotReuseTheConnectionWhenServerAsksToClose() throws IOException {
    try (RawHttpServer raw = new RawHttpServer((index, socket, connection) -> {
      while (connection.readRequest() != null) {
        connection.write("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok");
      }
    })) {

      for (int i = 0; i < 3; i++) {
        assertThat(client.send(HttpRequest.get(raw.uri("/"), null, TIMEOUT)).join().status()).isEqualTo(200);
      }

      assertThat(raw.connections()).isEqualTo(3);
    }
  }

  @Test
  void shouldCarryLargeBodiesBothWaysWhenWithinTheLimit() {
    byte[] large = new byte[900 * 1024];
    new Random(7).nextBytes(large);
    server.respond(r -> Reply.of(200, Map.of(), r.body()));

    HttpResponse response = client.send(HttpRequest.post(server.uri("/echo"), null, large, TIMEOUT)).join();

    assertThat(response.body()).isEqualTo(large);
  }

  @Test
  void shouldFailAndKeepWorkingWhenResponseBodyExceedsTheLimit() {
    byte[] tooLarge = new byte[(1 << 20) + 1];
    server.respond(r -> r.path().equals("/big") ? Reply.of(200, Map.of(), tooLarge) : Reply.of(204));

    CompletableFuture<HttpResponse> big = client.send(HttpRequest.get(server.uri("/big"), null, TIMEOUT));

    assertThatThrownBy(big::join).hasCauseInstanceOf(IOException.class).hasMessageContaining("exceeds");
    assertThat(client.send(HttpRequest.get(server.uri("/small"), null, TIMEOUT)).join().status()).isEqualTo(204);
  }

  @Test
  void shouldResolveHostNamesWhenUriNamesAHost() {
    URI byName = URI.create("http://localhost:" + server.port() + "/named");

    HttpResponse response = client.send(HttpRequest.get(byName, null, TIMEOUT)).join();

    assertThat(response.status()).isEqualTo(200);
    assertThat(server.requests().get(0).header("Host")).isEqualTo("localhost:" + server.port());
  }

  @Test
  void shouldAssembleTheBodyWhenResponseIsChunkedAndPrecededBy100Continue() throws IOException {
    try (RawHttpServer raw = new RawHttpServer((index, socket, connection) -> {
      while (connection.readRequest() != null) {
        connection.write("HTTP/1.1 100 Continue\r\n\r\n");
        connection.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
      }
    })) {

      HttpResponse first = client.send(HttpRequest.get(raw.uri("/"), null, TIMEOUT)).join();
      HttpResponse second = client.send(HttpRequest.get(raw.uri("/"), null, TIMEOUT)).join();

      assertThat(new String(first.body(), StandardCharsets.UTF_8)).isEqualTo("hello world");
      assertThat(new String(second.body(), StandardCharsets.UTF_8)).isEqualTo("hello world");
      assertThat(raw.connections()).isEqualTo(1);
    }
  }

  @Test
  void shouldFailWhenAChunkedBodyExceedsTheLimit() throws IOException {
    String chunk = Integer.toHexString(600 * 1024) + "\r\n" + "x".repeat(600 * 1024) + "\r\n";
    try (RawHttpServer raw = new RawHttpServer((index, socket, connection) -> {
      connection.readRequest();
      connection.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk + chunk + "0\r\n\r\n");
    })) {

      CompletableFuture<HttpResponse> future = client.send(HttpRequest.get(raw.uri("/"), null, TIMEOUT));

      assertThatThrownBy(future::join).hasCauseInstanceOf(IOException.class).hasMessageContaining("exceeds");
    }
  }

  @Test
  void shouldFailTheTlsHandshakeWhenHttpsTargetSpeaksPlainHttp() throws IOException {
    try (RawHttpServer plain = new RawHttpServer((index, socket, connection) ->
        connection.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"))) {
      URI https = URI.create(plain.uri("/").toString().replace("http:", "https:"));

      CompletableFuture<HttpResponse> future = client.send(HttpRequest.get(https, null, TIMEOUT));

      assertThatThrownBy(future::join).isInstanceOf(CompletionException.class)
          .cause().satisfies(cause -> assertThat(cause.getClass().getName()).containsIgnoringCase("ssl"));
    }
  }

  @Test
  void shouldRejectRequestsWhenClosed() {
    client.close();

    CompletableFuture<HttpResponse> future = client.send(HttpRequest.get(server.uri("/"), null, TIMEOUT));

    assertThatThrownBy(future::join).hasCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void shouldRunScheduledTaskAfterTheDelay() throws InterruptedException {
    CountDownLatch ran = new CountDownLatch(1);
    long start = System.nanoTime();

    client.schedule(ran::countDown, Duration.ofMillis(100));

    assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(95));
  }

  @Test
  void shouldRejectRequestsThatAreNotHttpOrHttps() {
    assertThatThrownBy(() -> HttpRequest.get(URI.create("ftp://example.com/"), null, TIMEOUT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HttpRequest.get(URI.create("http://127.0.0.1/"), null, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
