package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kafkaeventing.it.harness.PlatformHarness;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Knative Serving's hello-world, run as a local process: the docs' Service YAML (image kept, a
 * {@code command} added), reached through the activator by Host; a template change makes a new
 * revision that takes the traffic while the old one's process stops.
 */
class ServingHelloWorldTest {

  /** The Knative docs' hello-world Service, with the one addition standalone mode needs: {@code command}. */
  private static final String HELLO = """
      apiVersion: serving.knative.dev/v1
      kind: Service
      metadata:
        name: hello
        namespace: %s
      spec:
        template:
          spec:
            containers:
              - image: ghcr.io/knative/helloworld-go:latest
                command: %s
                ports:
                  - containerPort: 8080
                env:
                  - name: TARGET
                    value: "%s"
      """;

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
  void shouldAnswerFromTheAppWithTargetWhenHelloWorldServiceIsApplied() {
    String ns = PlatformHarness.uniqueNamespace();

    platform.apply(HELLO.formatted(ns, ServingSupport.appCommand(), "World"));
    platform.awaitReady("ksvc", ns, "hello");

    JsonNode service = ServingSupport.resource(platform, "ksvc", ns, "hello");
    assertThat(service.path("status").path("url").asText()).isEqualTo("http://hello." + ns + ".example.com");
    assertThat(service.path("status").path("latestCreatedRevisionName").asText()).isEqualTo("hello-00001");
    assertThat(service.path("status").path("latestReadyRevisionName").asText()).isEqualTo("hello-00001");
    assertThat(service.path("status").path("traffic").path(0).path("percent").asInt()).isEqualTo(100);
    ServingSupport.Answer answer = ServingSupport.get(platform.activatorUrl(), "hello." + ns + ".example.com", "/");
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body()).startsWith("Hello World! rev=hello-00001");
    assertThat(ServingSupport.get(platform.activatorUrl(), "localhost", "/" + ns + "/hello").body())
        .startsWith("Hello World!");
    assertThat(platform.cli("get", "revisions", "-n", ns).out()).contains("hello-00001");
    assertThat(platform.cli("logs", "revision/hello-00001", "-n", ns).out()).contains("listening on");
  }

  @Test
  void shouldMoveTrafficToNewRevisionAndStopTheOldWhenEnvChanges() {
    String ns = PlatformHarness.uniqueNamespace();
    String host = "hello." + ns + ".example.com";
    platform.apply(HELLO.formatted(ns, ServingSupport.appCommand(), "One"));
    platform.awaitReady("ksvc", ns, "hello");
    long oldPid = ServingSupport.pid(ServingSupport.get(platform.activatorUrl(), host, "/").body());

    platform.apply(HELLO.formatted(ns, ServingSupport.appCommand(), "Two"));

    await().atMost(Duration.ofSeconds(30)).until(() ->
        ServingSupport.get(platform.activatorUrl(), host, "/").body().startsWith("Hello Two! rev=hello-00002"));
    ServingSupport.awaitGone(oldPid);
    JsonNode service = ServingSupport.resource(platform, "ksvc", ns, "hello");
    assertThat(service.path("status").path("latestReadyRevisionName").asText()).isEqualTo("hello-00002");
    assertThat(service.path("status").path("traffic").path(0).path("revisionName").asText()).isEqualTo("hello-00002");
    JsonNode old = ServingSupport.resource(platform, "revision", ns, "hello-00001");
    assertThat(old.path("status").toString()).contains("NoTraffic");
  }
}
