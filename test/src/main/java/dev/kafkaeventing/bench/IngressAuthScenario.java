package dev.kafkaeventing.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Ingress with and without token verification, in one run on one platform: the same closed loop as
 * {@link IngressScenario} (1 KiB binary events, every request with {@code Authorization: Bearer}),
 * alternating {@code config-features} {@code authentication-oidc} disabled / enabled twice, so the
 * machine's drift hits both alike. The token is signed with the platform's own key (read from its
 * data dir) for the Broker's audience, so the verifier's cache serves every request after the first:
 * what is measured is the per-request cost of the gate (header, cache look-up, audience and policy
 * check), not signature checks.
 */
final class IngressAuthScenario implements Scenario {

  static final String NAMESPACE = "bench-auth";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String id() {
    return "ingress-auth";
  }

  @Override
  public ScenarioResult run(BenchContext ctx) throws Exception {
    BenchConfig config = ctx.config();
    PlatformNode node = ctx.platform(id());
    try {
      node.admin().apply(Yaml.broker(NAMESPACE, "default"));
      DeliveryPhase.awaitReady(node, "broker", NAMESPACE, 1, Duration.ofSeconds(60));
      URI target = DeliveryPhase.uri(node.brokerUrl(NAMESPACE, "default"));
      setAuthentication(node, target, true);
      BenchEvents events = new BenchEvents(1024, 100, "Bearer " + token(node));
      Warmup.run(ctx, node, id(), () -> ctx.load().closedLoop(target, events, config.warmup()));
      List<Figure> figures = new ArrayList<>();
      double[] cpu = new double[2];
      double[] rate = new double[2];
      for (int round = 1; round <= 2; round++) {
        for (boolean on : new boolean[] {false, true}) {
          setAuthentication(node, target, on);
          ctx.log("ingress-auth: round %d, verification %s, closed loop for %s", round, on ? "on" : "off",
              config.duration());
          Measurement measurement = ctx.measure(node);
          PhaseResult phase = ctx.load().closedLoop(target, events, config.duration());
          Usage usage = measurement.end(phase.accepted());
          cpu[on ? 1 : 0] += usage.platformCpuMicrosPerEvent() / 2;
          rate[on ? 1 : 0] += phase.acceptedPerSecond() / 2;
          figures.add(new Figure(on ? "token verification on" : "plain (authentication off)", "round " + round,
              false, phase.acceptedPerSecond(), phase.latency(), "publish → 202", usage, JvmHeap.used(node.pid()),
              IngressScenario.outcome(phase) + config.connections() + " connections, closed loop"));
        }
      }
      return new ScenarioResult(id(), "Ingress with token verification on vs off, 1 KiB binary events, "
          + config.connections() + " connections",
          "Same platform and load generator, phases alternating off/on/off/on (config-features "
              + "authentication-oidc), each closed loop for " + config.duration() + " after a shared warm-up; "
              + "every request carries the same valid token (signed by the platform's key for the Broker's audience)",
          figures, List.of(
              TargetCheck.atLeast("events/s with verification on, share of off", rate[1] / rate[0] * 100, 70, " %"),
              TargetCheck.informative("platform CPU per event, off", cpu[0], " µs"),
              TargetCheck.informative("platform CPU per event, on", cpu[1], " µs")),
          List.of(), List.of());
    } finally {
      ctx.release(node);
    }
  }

  /** Switches authentication and waits until the ingress answers accordingly (401 without a token, or not). */
  private static void setAuthentication(PlatformNode node, URI target, boolean on) throws Exception {
    node.admin().apply("""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: config-features, namespace: knative-eventing}
        data: {authentication-oidc: %s}
        """.formatted(on ? "enabled" : "disabled"));
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      HttpResponse<Void> response = http.send(HttpRequest.newBuilder(target)
          .header("ce-specversion", "1.0").header("ce-id", "probe").header("ce-source", "/bench")
          .header("ce-type", "probe").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
          HttpResponse.BodyHandlers.discarding());
      if ((response.statusCode() == 401) == on) {
        return;
      }
      Thread.sleep(100); // polling the platform from the bench process, not a test
    }
    throw new IllegalStateException("authentication did not turn " + (on ? "on" : "off") + " within 30 s");
  }

  /** A token for the Broker, signed with the platform's own key (it trusts its own issuer). */
  private static String token(PlatformNode node) throws Exception {
    HttpResponse<String> discovery = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(node.adminUrl() + "/.well-known/openid-configuration")).build(),
        HttpResponse.BodyHandlers.ofString());
    String issuer = JSON.readTree(discovery.body()).path("issuer").asText();
    return BrokerToken.signedByPlatform(node.dataDir(), issuer, NAMESPACE, "default");
  }
}
