package dev.kafkaeventing.it.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafkaeventing.core.kafka.KafkaTopics;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The foreground runner in a JVM of its own, stopped the way a terminal or service stops it. */
class ForegroundKafkaTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @TempDir
  Path dataDir;

  @TempDir
  Path logDir;

  @Test
  void shouldShutDownCleanlyWhenProcessGetsSigterm() throws Exception {
    int port = freePort();
    Process process = startForeground(port);
    try {
      String bootstrap = "127.0.0.1:" + port;
      await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> accepts(port));
      createTopic(bootstrap, "before-sigterm");

      process.destroy();

      assertThat(process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      assertThat(Files.exists(dataDir.resolve(".kafka_cleanshutdown"))).isTrue();
      assertThat(Files.isDirectory(dataDir.resolve("before-sigterm-0"))).isTrue();
    } finally {
      process.destroyForcibly();
    }
  }

  private Process startForeground(int port) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    // A small heap and the quick JIT tier: this JVM lives for seconds.
    List<String> command = List.of(java.toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"),
        ForegroundKafkaMain.class.getName(), dataDir.toString(), Integer.toString(port));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(logDir.resolve("kafka.log").toFile())
        .start();
  }

  private static void createTopic(String bootstrap, String topic) {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      new KafkaTopics(admin).ensureTopic(topic, 1, (short) 1, Map.of(), TIMEOUT);
    }
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      return socket.isConnected();
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
