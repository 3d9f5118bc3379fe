package dev.kafkaeventing.it.harness;

import static org.awaitility.Awaitility.await;

import dev.kafkaeventing.it.KafkaFixture;
import dev.kafkaeventing.platform.Main;
import dev.kafkaeventing.core.tracing.Tracing;
import dev.kafkaeventing.platform.AuthOptions;
import dev.kafkaeventing.platform.Platform;
import dev.kafkaeventing.platform.PlatformOptions;
import dev.kafkaeventing.platform.journal.EventJournalOptions;
import dev.kafkaeventing.platform.PlatformConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * A real platform instance for end-to-end tests: the suite's Kafka (see {@link KafkaFixture}),
 * ephemeral ports, a temporary data directory, and its own resource topic and consumer groups (a
 * unique instance name), so test classes never see each other's resources.
 *
 * <p>Use a unique namespace per test ({@link #uniqueNamespace()}): broker topics are named after it.
 */
public final class PlatformHarness implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final PlatformConfig config;
  private final Tracing tracing;
  private final AuthOptions auth;
  private final EventJournalOptions journal;
  private Platform platform;

  private PlatformHarness(PlatformConfig config, Tracing tracing, AuthOptions auth, EventJournalOptions journal) {
    this.config = config;
    this.tracing = tracing;
    this.auth = auth;
    this.journal = journal;
  }

  /** Starts a platform on the suite's Kafka and waits until it is ready. */
  public static PlatformHarness start() {
    return start(config());
  }

  public static PlatformHarness start(PlatformConfig config) {
    return start(config, Tracing.OFF, AuthOptions.NONE, EventJournalOptions.DEFAULT);
  }

  /** Starts a platform that traces every hop with {@code tracing} (its SDK belongs to the caller). */
  public static PlatformHarness start(PlatformConfig config, Tracing tracing) {
    return start(config, tracing, AuthOptions.NONE, EventJournalOptions.DEFAULT);
  }

  /** Starts a platform with publisher authentication settings ({@code up --auth ...}). */
  public static PlatformHarness start(PlatformConfig config, AuthOptions auth) {
    return start(config, Tracing.OFF, auth, EventJournalOptions.DEFAULT);
  }

  /** Starts a platform with the event journal as {@code journal} says. */
  public static PlatformHarness start(PlatformConfig config, Tracing tracing, EventJournalOptions journal) {
    return start(config, tracing, AuthOptions.NONE, journal);
  }

  private static PlatformHarness start(PlatformConfig config, Tracing tracing, AuthOptions auth,
      EventJournalOptions journal) {
    PlatformHarness harness = new PlatformHarness(config, tracing, auth, journal);
    harness.startPlatform();
    return harness;
  }

  /** A fresh config on the suite's Kafka: temp data dir, ephemeral ports, unique instance name. */
  public static PlatformConfig config() {
    try {
      Path dir = Files.createTempDirectory("kafka-eventing-it");
      PlatformConfig defaults = PlatformConfig.defaults(dir).withEphemeralPorts()
          .withBootstrapServers(KafkaFixture.bootstrapServers());
      return new PlatformConfig(defaults.dataDir(), defaults.bootstrapServers(), defaults.bindHost(),
          0, 0, 0, 0, 0, defaults.maxEventBytes(), 3, (short) 1, defaults.maxInFlightPerTrigger(),
          "it-" + UUID.randomUUID().toString().substring(0, 8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void startPlatform() {
    try {
      platform = Platform.start(config, PlatformOptions.defaults().withTracing(tracing).withAuth(auth).withJournal(journal));
      platform.awaitReady();
    } catch (Exception e) {
      throw new IllegalStateException("platform did not start", e);
    }
  }

  /** Stops the platform cleanly and starts it again on the same data and resource topic. */
  public void restart() {
    platform.close();
    startPlatform();
  }

  public static String uniqueNamespace() {
    return "ns-" + UUID.randomUUID().toString().substring(0, 8);
  }

  public PlatformConfig platformConfig() {
    return config;
  }

  public String ingressUrl() {
    return platform.ingressUrl();
  }

  public String adminUrl() {
    return platform.adminUrl();
  }

  /** Base URL of the serving activator. */
  public String activatorUrl() {
    return platform.activatorUrl();
  }

  /** Base URL of the Prometheus endpoint ({@code /metrics}). */
  public String metricsUrl() {
    return platform.metricsUrl();
  }

  public String brokerUrl(String namespace, String broker) {
    return ingressUrl() + "/" + namespace + "/" + broker;
  }

  /** Runs the CLI against this platform; the admin URL is passed as {@code --server}. */
  public CliResult cli(String... args) {
    String[] withServer = new String[args.length + 2];
    System.arraycopy(args, 0, withServer, 0, args.length);
    withServer[args.length] = "--server";
    withServer[args.length + 1] = adminUrl();
    return Cli.run(withServer);
  }

  /** Applies YAML through the CLI and fails the test unless it is accepted. */
  public CliResult apply(String yaml) {
    try {
      Path file = Files.createTempFile(config.dataDir(), "apply", ".yaml");
      Files.writeString(file, yaml);
      CliResult result = cli("apply", "-f", file.toString());
      if (result.exitCode() != 0) {
        throw new AssertionError("apply failed: " + result.err());
      }
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Applies a Broker {@code default} in {@code namespace} with two Triggers and waits until both are
   * ready: {@code first} (events of {@code firstType} to {@code firstUri}) and {@code second} (events
   * of {@code secondType} to {@code secondUri}, one retry 50 ms later, then {@code deadLetterUri}).
   */
  public void applyBrokerWithDeadLetteredTrigger(String namespace, String first, String firstType,
      String firstUri, String second, String secondType, String secondUri, String deadLetterUri) {
    apply("""
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata: {name: default, namespace: %1$s}
        ---
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata: {name: %2$s, namespace: %1$s}
        spec:
          broker: default
          filter: {attributes: {type: %3$s}}
          subscriber: {uri: "%4$s"}
        ---
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata: {name: %5$s, namespace: %1$s}
        spec:
          broker: default
          filter: {attributes: {type: %6$s}}
          subscriber: {uri: "%7$s"}
          delivery:
            retry: 1
            backoffPolicy: linear
            backoffDelay: PT0.05S
            deadLetterSink: {uri: "%8$s"}
        """.formatted(namespace, first, firstType, firstUri, second, secondType, secondUri, deadLetterUri));
    awaitReady("trigger", namespace, first);
    awaitReady("trigger", namespace, second);
  }

  /**
   * The {@code details} of {@code describe KIND NS/NAME} from this platform's admin API, or an empty
   * object while it answers otherwise (e.g. before the resource exists).
   */
  public com.fasterxml.jackson.databind.JsonNode describeDetails(String kind, String namespace, String name) {
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    try {
      var answer = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
              java.net.URI.create(adminUrl() + "/api/v1/describe/" + kind + "/" + namespace + "/" + name)).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      return answer.statusCode() == 200 ? json.readTree(answer.body()).path("details") : json.createObjectNode();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Waits until {@code get KIND NAME -n NS -o json} shows the Ready condition True. */
  public void awaitReady(String kind, String namespace, String name) {
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      CliResult result = cli("get", kind, name, "-n", namespace, "-o", "json");
      return result.exitCode() == 0 && result.out().replace(" ", "").contains("\"type\":\"Ready\"")
          && readyTrue(result.out());
    });
  }

  private static boolean readyTrue(String json) {
    try {
      var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
      for (var condition : node.path("status").path("conditions")) {
        if (condition.path("type").asText().equals("Ready")) {
          return condition.path("status").asText().equals("True");
        }
      }
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  /** POSTs a body with headers to a URL; returns the response. */
  public static HttpResponse<String> post(String url, Map<String, String> headers, byte[] body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** POSTs a binary-mode CloudEvent with the given id and type (source {@code /it}). */
  public static HttpResponse<String> postEvent(String url, String id, String type, String data) {
    return post(url, Map.of("ce-specversion", "1.0", "ce-id", id, "ce-source", "/it", "ce-type", type,
        "content-type", "application/json"), data.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    if (platform != null) {
      platform.close();
    }
  }

  /** What a CLI run printed and returned. */
  public record CliResult(int exitCode, String out, String err) {}

  /** Runs {@link Main} in-process with its own writers, so platform logs never mix in. */
  static final class Cli {
    private Cli() {}

    static CliResult run(String... args) {
      java.io.StringWriter out = new java.io.StringWriter();
      java.io.StringWriter err = new java.io.StringWriter();
      int code;
      try (java.io.PrintWriter outWriter = new java.io.PrintWriter(out, true);
          java.io.PrintWriter errWriter = new java.io.PrintWriter(err, true)) {
        code = Main.run(outWriter, errWriter, args);
      }
      return new CliResult(code, out.toString(), err.toString());
    }
  }
}
