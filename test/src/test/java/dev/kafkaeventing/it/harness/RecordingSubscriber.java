package dev.kafkaeventing.it.harness;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A real HTTP subscriber in the test JVM: records every request (headers, body, arrival time) and
 * answers with what its {@link Responder} says (202 by default). Thread-safe.
 */
public final class RecordingSubscriber implements AutoCloseable {

  /** One received request. Header names are lower case. */
  public record Received(int attempt, long receivedAtNanos, Map<String, String> headers, byte[] body) {

    public String header(String name) {
      return headers.get(name.toLowerCase());
    }

    /** The CloudEvent id of a binary-mode request. */
    public String id() {
      return header("ce-id");
    }
  }

  /** What to answer. */
  public record Reply(int status, Map<String, String> headers, byte[] body) {

    public static Reply status(int status) {
      return new Reply(status, Map.of(), new byte[0]);
    }
  }

  /** Decides the answer to a request; {@code attempt} counts requests so far, from 1. */
  @FunctionalInterface
  public interface Responder extends Function<Received, Reply> {}

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger attempts = new AtomicInteger();
  private volatile Responder responder = r -> Reply.status(202);

  private RecordingSubscriber(HttpServer server) {
    this.server = server;
  }

  public static RecordingSubscriber start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      RecordingSubscriber subscriber = new RecordingSubscriber(server);
      server.createContext("/", subscriber::handle);
      server.setExecutor(Executors.newFixedThreadPool(16));
      server.start();
      return subscriber;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public RecordingSubscriber respondWith(Responder responder) {
    this.responder = responder;
    return this;
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  public List<Received> received() {
    return new ArrayList<>(received);
  }

  public int count() {
    return received.size();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Map<String, String> headers = new TreeMap<>();
      exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
      byte[] body = exchange.getRequestBody().readAllBytes();
      Received request = new Received(attempts.incrementAndGet(), System.nanoTime(), headers, body);
      received.add(request);
      Reply reply = responder.apply(request);
      reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
      exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
      if (reply.body().length > 0) {
        exchange.getResponseBody().write(reply.body());
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
