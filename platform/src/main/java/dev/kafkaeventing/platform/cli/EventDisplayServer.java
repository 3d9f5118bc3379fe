package dev.kafkaeventing.platform.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kafkaeventing.core.CloudEventHttpCodec;
import dev.kafkaeventing.core.InvalidEventException;
import io.cloudevents.CloudEvent;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The HTTP server of {@code display} (the JDK's): decodes each POST with the platform's one
 * CloudEvents HTTP codec, prints every event with {@link EventDisplay} and answers 202, or 400 with
 * the reason for a message that is not a CloudEvent. One thread handles the requests one at a time,
 * so events are printed whole and in arrival order. Started by {@link #start}, stopped by
 * {@link #close}.
 */
final class EventDisplayServer implements AutoCloseable {

  private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

  private final HttpServer server;
  private final ExecutorService thread;
  private final PrintWriter out;
  private final PrintWriter err;

  private EventDisplayServer(HttpServer server, PrintWriter out, PrintWriter err) {
    this.server = server;
    this.out = out;
    this.err = err;
    this.thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "display"));
  }

  static EventDisplayServer start(String bind, int port, PrintWriter out, PrintWriter err) throws IOException {
    EventDisplayServer display = new EventDisplayServer(HttpServer.create(new InetSocketAddress(bind, port), 50), out, err);
    display.server.setExecutor(display.thread);
    display.server.createContext("/", display::handle);
    display.server.start();
    return display;
  }

  int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("POST")) {
        answer(exchange, 405, "POST CloudEvents here\n");
        return;
      }
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readNBytes(MAX_BODY_BYTES + 1);
      }
      if (body.length > MAX_BODY_BYTES) {
        answer(exchange, 413, "larger than " + MAX_BODY_BYTES + " bytes\n");
        return;
      }
      List<CloudEvent> events;
      try {
        events = CloudEventHttpCodec.decode(headers(exchange), body);
      } catch (InvalidEventException e) {
        err.println("error: " + exchange.getRequestMethod() + " "
            + exchange.getRequestURI() + ": " + e.getMessage());
        err.flush();
        answer(exchange, 400, e.getMessage() + "\n");
        return;
      }
      events.forEach(event -> out.print(EventDisplay.format(event)));
      out.flush();
      answer(exchange, 202, "");
    }
  }

  private static HttpHeaders headers(HttpExchange exchange) {
    HttpHeaders headers = new DefaultHttpHeaders();
    for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
      header.getValue().forEach(value -> headers.add(header.getKey(), value));
    }
    return headers;
  }

  private static void answer(HttpExchange exchange, int status, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream body = exchange.getResponseBody()) {
        body.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    thread.shutdownNow();
  }
}
