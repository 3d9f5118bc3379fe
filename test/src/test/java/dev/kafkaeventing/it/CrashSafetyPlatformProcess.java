package dev.kafkaeventing.it;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.platform.Main;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The platform in a child JVM ({@code Main up} on the suite's Kafka), so a test can kill it the
 * way a crash does: {@link #kill()} is SIGKILL, with no shutdown hook, flush or commit. The data
 * directory, ports and instance name stay the same across {@link #restart()}.
 *
 * <p>Thread-safe; {@link #close()} kills the child if it still runs.
 */
final class CrashSafetyPlatformProcess implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dataDir;
  private final int ingressPort;
  private final int adminPort;
  private final String instanceName;
  private int runs;
  private volatile Process process;

  private CrashSafetyPlatformProcess(Path dataDir, int ingressPort, int adminPort, String instanceName) {
    this.dataDir = dataDir;
    this.ingressPort = ingressPort;
    this.adminPort = adminPort;
    this.instanceName = instanceName;
  }

  /** Starts a child platform on free ports and a fresh data directory; waits until it is ready. */
  static CrashSafetyPlatformProcess start() throws IOException {
    CrashSafetyPlatformProcess platform = new CrashSafetyPlatformProcess(
        Files.createTempDirectory("kafka-eventing-crash"), freePort(), freePort(),
        "crash-" + UUID.randomUUID().toString().substring(0, 8));
    platform.launch();
    return platform;
  }

  String ingressUrl() {
    return "http://127.0.0.1:" + ingressPort;
  }

  String adminUrl() {
    return "http://127.0.0.1:" + adminPort;
  }

  /** Kills the child at once (SIGKILL). Safe to call from any thread, more than once. */
  void kill() {
    Process current = process;
    if (current != null) {
      current.destroyForcibly();
    }
  }

  boolean killed() {
    Process current = process;
    return current != null && !current.isAlive();
  }

  /** Waits for the killed child to be gone, then starts it again on the same data and ports. */
  void restart() throws IOException, InterruptedException {
    kill();
    process.waitFor();
    launch();
  }

  /** Applies YAML through the admin API; fails unless every document is accepted. */
  void apply(String yaml) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode document = body.putArray("documents").addObject();
    document.put("source", "crash-safety.yaml");
    document.put("content", yaml);
    HttpResponse<String> response = call(HttpRequest.newBuilder(URI.create(adminUrl() + "/api/v1/apply"))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    if (response.statusCode() != 200) {
      throw new AssertionError("apply failed: " + response.statusCode() + " " + response.body());
    }
  }

  /** Waits until the resource's Ready condition is True. */
  void awaitReady(String kind, String namespace, String name) {
    URI uri = URI.create(adminUrl() + "/api/v1/resources/" + kind + "/" + namespace + "/" + name);
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      HttpResponse<String> response = call(HttpRequest.newBuilder(uri).GET());
      if (response.statusCode() != 200) {
        return false;
      }
      for (JsonNode condition : JSON.readTree(response.body()).path("status").path("conditions")) {
        if (condition.path("type").asText().equals("Ready")) {
          return condition.path("status").asText().equals("True");
        }
      }
      return false;
    });
  }

  private void launch() throws IOException {
    runs++;
    Path log = dataDir.resolve("platform-" + runs + ".log");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "up",
        "--bootstrap-servers", KafkaFixture.bootstrapServers(), "--data-dir", dataDir.resolve("data").toString(),
        "--ingress-port", String.valueOf(ingressPort), "--admin-port", String.valueOf(adminPort),
        "--metrics-port", "-1", "--default-partitions", "3", "--instance-name", instanceName));
    process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(this::isReady);
    } catch (RuntimeException | Error e) {
      throw new AssertionError("the platform did not start; its output: " + Files.readString(log), e);
    }
  }

  private boolean isReady() {
    if (!process.isAlive()) {
      throw new IllegalStateException("the platform exited with " + process.exitValue());
    }
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create(adminUrl() + "/readyz")).GET().build(),
          HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException notListeningYet) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static HttpResponse<String> call(HttpRequest.Builder request) {
    try {
      return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    Process current = process;
    if (current != null) {
      current.destroyForcibly();
      try {
        current.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
