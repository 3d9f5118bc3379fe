package dev.kafkaeventing.it;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kafkaeventing.platform.Main;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * {@code kafka-eventing up} in a child JVM on the suite's Kafka, with the test classpath, so a test
 * can stop it the way an operator or a crash does: {@link #terminate()} is SIGTERM (shutdown hook
 * runs), {@link #kill()} is SIGKILL (nothing runs). Data directory and instance name stay the same
 * across {@link #start()}s; ports are picked anew each time.
 *
 * <p>Used by one test thread.
 */
final class KillNineChild implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final Path dir;
  private final String instanceName = "kill9-" + UUID.randomUUID().toString().substring(0, 8);
  private final int ingressPort;
  private int runs;
  private int adminPort;
  private Process process;
  private Path log;

  KillNineChild() throws IOException {
    this.dir = Files.createTempDirectory("kafka-eventing-kill9");
    this.ingressPort = freePort();
  }

  /** Starts the platform and waits until {@code /readyz} answers 200; returns how long that took. */
  Duration start() throws IOException {
    long begin = System.nanoTime();
    launch();
    awaitReady();
    return Duration.ofNanos(System.nanoTime() - begin);
  }

  /** Starts the platform without waiting for it. */
  void launch() throws IOException {
    runs++;
    adminPort = freePort();
    log = dir.resolve("platform-" + runs + ".log");
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "up",
        "--bootstrap-servers", KafkaFixture.bootstrapServers(), "--data-dir", dir.resolve("data").toString(),
        "--ingress-port", String.valueOf(ingressPort), "--admin-port", String.valueOf(adminPort),
        "--metrics-port", "-1", "--activator-port", "0", "--default-partitions", "3", "--instance-name", instanceName);
    process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** Waits until the launched platform's {@code /readyz} answers 200. */
  void awaitReady() throws IOException {
    try {
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(this::ready);
    } catch (RuntimeException | Error e) {
      throw new AssertionError("the platform did not start; its output: " + Files.readString(log), e);
    }
  }

  /** The ingress, on the same port across restarts. */
  String ingressUrl() {
    return "http://127.0.0.1:" + ingressPort;
  }

  String adminUrl() {
    return "http://127.0.0.1:" + adminPort;
  }

  /** SIGKILL, then waits until the process is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  /** SIGTERM; returns how long the process took to exit (its shutdown hook included). */
  Duration terminate(Duration atMost) throws InterruptedException {
    long begin = System.nanoTime();
    process.destroy();
    if (!process.waitFor(atMost.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
      throw new AssertionError("the platform did not exit within " + atMost + " of SIGTERM");
    }
    return Duration.ofNanos(System.nanoTime() - begin);
  }

  /** Runs the CLI against the child. */
  int cli(String... args) {
    String[] withServer = java.util.Arrays.copyOf(args, args.length + 2);
    withServer[args.length] = "--server";
    withServer[args.length + 1] = adminUrl();
    return Main.run(withServer);
  }

  /** Applies YAML through the CLI. */
  void apply(String yaml) throws IOException {
    Path file = Files.writeString(Files.createTempFile(dir, "apply", ".yaml"), yaml);
    if (cli("apply", "-f", file.toString()) != 0) {
      throw new AssertionError("apply failed");
    }
  }

  /** True when the resource's Ready condition is True. */
  boolean isReady(String kind, String namespace, String name) throws IOException, InterruptedException {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
        URI.create(adminUrl() + "/api/v1/resources/" + kind + "/" + namespace + "/" + name)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      return false;
    }
    for (JsonNode condition : new ObjectMapper().readTree(response.body()).path("status").path("conditions")) {
      if (condition.path("type").asText().equals("Ready")) {
        return condition.path("status").asText().equals("True");
      }
    }
    return false;
  }

  private boolean ready() {
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

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      try {
        process.destroyForcibly().waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
