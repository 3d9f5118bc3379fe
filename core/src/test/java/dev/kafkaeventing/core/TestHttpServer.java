package dev.kafkaeventing.core;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

/** A JDK HTTP server on 127.0.0.1 for tests: records every request and answers with a programmable reply. */
final class TestHttpServer implements AutoCloseable {

  /** One received request, with the time it arrived. */
  record Recorded(int index, long nanoTime, String method, String path, Headers headers, byte[] body,
                  InetSocketAddress remote) {

    String header(String name) {
      return headers.getFirst(name);
    }
  }

  /** What the server answers; {@code hold} makes the handler wait until the server closes. */
  record Reply(int status, Map<String, String> headers, byte[] body, boolean hold) {

    static Reply of(int status) {
      return new Reply(status, Map.of(), new byte[0], false);
    }

    static Reply of(int status, Map<String, String> headers, byte[] body) {
      return new Reply(status, headers, body, false);
    }

    static Reply holdForever() {
      return new Reply(200, Map.of(), new byte[0], true);
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<Recorded> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger counter = new AtomicInteger();
  private final CountDownLatch closing = new CountDownLatch(1);
  private volatile Function<Recorded, Reply> responder = r -> Reply.of(200);

  TestHttpServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  TestHttpServer respond(Function<Recorded, Reply> function) {
    this.responder = function;
    return this;
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  int port() {
    return server.getAddress().getPort();
  }

  List<Recorded> requests() {
    return List.copyOf(requests);
  }

  /** Distinct client connections seen, told apart by their remote ports. */
  int connections() {
    return requests.stream().map(r -> r.remote().getPort()).collect(Collectors.toSet()).size();
  }

  private void handle(HttpExchange exchange) throws IOException {
    long now = System.nanoTime();
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    Recorded recorded = new Recorded(counter.getAndIncrement(), now, exchange.getRequestMethod(),
        exchange.getRequestURI().toString(), exchange.getRequestHeaders(), body, exchange.getRemoteAddress());
    requests.add(recorded);
    Reply reply = responder.apply(recorded);
    if (reply.hold()) {
      awaitClose();
      exchange.close();
      return;
    }
    reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(reply.body());
    }
  }

  private void awaitClose() {
    try {
      closing.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
