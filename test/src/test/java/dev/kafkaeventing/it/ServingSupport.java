package dev.kafkaeventing.it;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kafkaeventing.it.harness.PlatformHarness;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/** What the serving tests share: the test app, a raw HTTP client that sets Host, and status reads. */
final class ServingSupport {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ServingSupport() {}

  /** The YAML flow list that runs the test app: {@code ["python3", "/abs/app.py"]}. */
  static String appCommand() {
    return "[\"python3\", \"" + appPath() + "\"]";
  }

  static Path appPath() {
    try {
      return Path.of(ServingSupport.class.getResource("/serving/app.py").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A status and body, read from a raw HTTP/1.1 exchange. */
  record Answer(int status, String body, String head) {}

  /** GET {@code path} from {@code baseUrl}, with the Host header given (the way {@code curl -H Host:} does). */
  static Answer get(String baseUrl, String host, String path) {
    URI base = URI.create(baseUrl);
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int split = text.indexOf("\r\n\r\n");
      String head = split < 0 ? text : text.substring(0, split);
      String body = split < 0 ? "" : text.substring(split + 4);
      return new Answer(Integer.parseInt(head.substring(9, 12)), body, head);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode resource(PlatformHarness platform, String kind, String namespace, String name) {
    PlatformHarness.CliResult result = platform.cli("get", kind, name, "-n", namespace, "-o", "json");
    if (result.exitCode() != 0) {
      throw new AssertionError(result.err());
    }
    try {
      return JSON.readTree(result.out());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The pid the app put in its answer ({@code pid=123}). */
  static long pid(String body) {
    int at = body.indexOf("pid=");
    return Long.parseLong(body.substring(at + 4).split("\\s")[0]);
  }

  /** The {@code PORT} a replica process listens on (Linux: read from its environment). */
  static int port(long pid) {
    try {
      for (String entry : new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc", Long.toString(pid),
          "environ")), java.nio.charset.StandardCharsets.UTF_8).split("\0")) {
        if (entry.startsWith("PORT=")) {
          return Integer.parseInt(entry.substring(5));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new AssertionError("no PORT in the environment of process " + pid);
  }

  static void awaitGone(long pid) {
    await().atMost(Duration.ofSeconds(20))
        .until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
  }
}
