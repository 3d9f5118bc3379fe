package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.it.harness.PlatformHarness.CliResult;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Standalone there is no API server to watch: an ApiServerSource is stored but refused, and says why. */
class ApiServerSourceStandaloneTest {

  private static PlatformHarness platform;

  @BeforeAll
  static void start() {
    platform = PlatformHarness.start();
  }

  @AfterAll
  static void stop() {
    platform.close();
  }

  @Test
  void shouldBeNotReadyWithKubernetesModeRequiredWhenAppliedStandalone() {
    String ns = PlatformHarness.uniqueNamespace();
    PingSourceTest.apply(platform, ns, """
        apiVersion: sources.knative.dev/v1
        kind: ApiServerSource
        metadata: {name: watcher}
        spec:
          mode: Reference
          resources:
            - {apiVersion: v1, kind: ConfigMap}
          sink: {uri: "http://127.0.0.1:1/"}
        """);

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      CliResult status = platform.cli("get", "apiserversource", "watcher", "-n", ns, "-o", "json");
      assertThat(status.out()).contains("\"reason\" : \"KubernetesModeRequired\"")
          .contains("up --kubernetes").doesNotContain("NotServed");
    });
  }
}
