package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafkaeventing.it.harness.PlatformHarness;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code --replica-start-concurrency 1}: a Service with min-scale 3 whose app takes 0.4 s to listen
 * starts its replicas one after the other. What is starting is seen from outside the platform: the
 * app processes (children of this JVM) that do not accept connections yet.
 */
class ServingReplicaStartTest {

  private static PlatformHarness platform;

  @BeforeAll
  static void start() {
    platform = PlatformHarness.start(PlatformHarness.config().withReplicaStartConcurrency(1));
  }

  @AfterAll
  static void stop() {
    platform.close();
  }

  @Test
  void shouldStartReplicasOneAtATimeWhenStartConcurrencyIsOneAndMinScaleIsThree() {
    String ns = PlatformHarness.uniqueNamespace();

    platform.apply("""
        apiVersion: serving.knative.dev/v1
        kind: Service
        metadata: {name: staggered, namespace: %s}
        spec:
          template:
            metadata:
              annotations: {autoscaling.knative.dev/min-scale: "3", autoscaling.knative.dev/max-scale: "3"}
            spec:
              containers:
                - image: example.com/app
                  command: %s
                  env:
                    - {name: TARGET, value: "%s"}
                    - {name: START_DELAY, value: "0.4"}
        """.formatted(ns, ServingSupport.appCommand(), ns));

    AtomicInteger mostStarting = new AtomicInteger();
    AtomicInteger mostRunning = new AtomicInteger();
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5)).until(() -> {
      List<ProcessHandle> replicas = replicasOf(ns);
      int listening = (int) replicas.stream().filter(ServingReplicaStartTest::listening).count();
      mostStarting.accumulateAndGet(replicas.size() - listening, Math::max);
      mostRunning.accumulateAndGet(replicas.size(), Math::max);
      return listening == 3;
    });
    assertThat(mostStarting.get()).isEqualTo(1);
    assertThat(mostRunning.get()).isEqualTo(3);
    await().atMost(Duration.ofSeconds(30)).until(() -> ServingSupport.resource(platform, "revision", ns,
        "staggered-00001").path("status").path("actualReplicas").asInt() == 3);
  }

  /** The app processes of the Service in {@code ns}: children of this JVM with TARGET={@code ns}. */
  private static List<ProcessHandle> replicasOf(String ns) {
    return ProcessHandle.current().children().filter(p -> environment(p.pid()).contains("\0TARGET=" + ns + "\0"))
        .toList();
  }

  private static String environment(long pid) {
    try {
      return "\0" + new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ")),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** Whether the replica accepts connections on its {@code PORT}. */
  private static boolean listening(ProcessHandle replica) {
    String env = environment(replica.pid());
    int at = env.indexOf("\0PORT=");
    if (at < 0) {
      return false;
    }
    int port = Integer.parseInt(env.substring(at + 6, env.indexOf('\0', at + 6)));
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
