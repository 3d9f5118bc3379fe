package dev.kafkaeventing.platform.cli;

import com.sun.net.httpserver.HttpServer;
import dev.kafkaeventing.platform.Main;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The training run of the CLI client's class-data sharing archive ({@code bin/kafka-eventing} runs
 * it with {@code -XX:ArchiveClassesAtExit} after a build): runs the common client commands against a
 * stand-in admin API on a loopback port, so that the archive holds the classes every client run
 * loads (picocli's model, Jackson, the HTTP client, the table, JSON and YAML printers) whichever
 * command happens to run first. Prints nothing; exits 0.
 */
public final class ClientTraining {

  private static final String BROKER = "{\"apiVersion\":\"eventing.knative.dev/v1\",\"kind\":\"Broker\","
      + "\"metadata\":{\"name\":\"default\",\"namespace\":\"default\",\"creationTimestamp\":\"2026-01-01T00:00:00Z\","
      + "\"labels\":{\"team\":\"a\"}},\"spec\":{},\"status\":{\"address\":{\"url\":\"http://127.0.0.1:8080/default/default\"},"
      + "\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}";

  private ClientTraining() {}

  public static void main(String[] args) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      String body = path.startsWith("/api/v1/describe") ? "{\"resource\":" + BROKER + ",\"details\":{\"topic\":\"t\"}}"
          : path.equals("/api/v1/resources") ? "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"metadata\":{},\"items\":["
              + BROKER + "]}" : BROKER;
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.start();
    String url = "http://127.0.0.1:" + server.getAddress().getPort();
    PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
    try {
      for (List<String> command : List.of(List.of("get", "brokers"), List.of("get", "broker/default", "-o", "yaml"),
          List.of("get", "brokers", "-l", "team=a", "-o", "json"), List.of("describe", "broker", "default"))) {
        String[] line = command.toArray(new String[0]);
        Main.commandLine(line).setOut(nowhere).setErr(nowhere).execute(withServer(line, url));
      }
    } finally {
      server.stop(0);
    }
    System.exit(0);
  }

  private static String[] withServer(String[] args, String url) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--server";
    all[args.length + 1] = url;
    return all;
  }
}
