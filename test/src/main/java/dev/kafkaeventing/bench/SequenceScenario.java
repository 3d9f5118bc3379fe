package dev.kafkaeventing.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kafkaeventing.harness.AdminClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A three-step Sequence ({@code flows.knative.dev/v1}): each step's subscriber echoes the event
 * (answers 200 with it), and the Sequence's reply goes to a sink that measures publish → delivery.
 * Reference: one Trigger on a Broker, on the same platform. When this version of the platform does
 * not serve Sequences, the scenario says so instead of measuring.
 */
final class SequenceScenario implements Scenario {

  private static final String NAMESPACE = "bench-sequence";
  private static final String REFERENCE_NAMESPACE = "bench-sequence-ref";
  private static final Duration PROBE_LIMIT = Duration.ofSeconds(30);

  @Override
  public String id() {
    return "sequence";
  }

  @Override
  public ScenarioResult run(BenchContext ctx) throws Exception {
    BenchConfig config = ctx.config();
    PlatformNode node = ctx.platform(id());
    try {
      String path = "/" + NAMESPACE + "/";
      for (int step = 1; step <= 3; step++) {
        ctx.subscriber().route(path + "step" + step, SubscriberRoute.ECHO);
      }
      node.admin().apply(sequence(ctx, path));
      Optional<String> address = awaitAddress(node);
      if (address.isEmpty()) {
        String why = whyNotReady(node);
        ctx.log("sequence: not measurable: %s", why);
        return new ScenarioResult(id(), "3-step Sequence", method(), List.of(),
            List.of(TargetCheck.notMeasurable("3-step Sequence vs 1 Trigger", "not yet measurable: " + why)),
            List.of("flows.knative.dev/v1 Sequence is not served by this build: " + why), List.of());
      }
      return measure(ctx, node, DeliveryPhase.uri(address.get()), path, config);
    } finally {
      ctx.release(node);
    }
  }

  private ScenarioResult measure(BenchContext ctx, PlatformNode node, URI target, String path, BenchConfig config)
      throws Exception {
    String refPath = "/" + REFERENCE_NAMESPACE + "/";
    node.admin().apply(Yaml.documents(List.of(Yaml.broker(REFERENCE_NAMESPACE, "default"),
        Yaml.trigger(REFERENCE_NAMESPACE, "all", "default", null, ctx.subscriber().url(refPath + "all")))));
    DeliveryPhase.awaitReady(node, "trigger", REFERENCE_NAMESPACE, 1, Duration.ofSeconds(60));
    URI reference = DeliveryPhase.uri(node.brokerUrl(REFERENCE_NAMESPACE, "default"));
    BenchEvents events = new BenchEvents(1024, 100);
    // The sink's path is the only one under its group; the steps' echoes are counted under theirs.
    String sinkGroup = path + "reply/";
    DeliveryPhase.Expectation every = DeliveryPhase.everyEvent();
    Warmup.run(ctx, node, id(), () -> DeliveryPhase.run(ctx, node, target, events, sinkGroup, every,
        EndToEndScenario.WARMUP_RATE, config.warmup()));
    RateSearch.Sustained sustained = RateSearch.findAndMeasure(ctx, node, target, events, sinkGroup, every,
        EndToEndScenario.WARMUP_RATE, "sequence");
    DeliveryRun max = sustained.run();
    DeliveryRun half = DeliveryPhase.run(ctx, node, target, events, sinkGroup, every, sustained.rate() / 2,
        config.duration());
    RateSearch.Sustained refSustained = RateSearch.findAndMeasure(ctx, node, reference, events, refPath, every,
        EndToEndScenario.WARMUP_RATE, "sequence, reference");
    DeliveryRun refMax = refSustained.run();
    DeliveryRun refHalf = DeliveryPhase.run(ctx, node, reference, events, refPath, every, sustained.rate() / 2,
        config.duration());
    List<Figure> figures = new ArrayList<>();
    figures.add(EndToEndScenario.delivered("3-step Sequence, reply delivered", Figure.MAX, max, JvmHeap.used(node.pid()),
        sustained.note()));
    figures.add(EndToEndScenario.delivered("3-step Sequence, reply delivered", Figure.HALF, half, JvmHeap.used(node.pid()), "fixed rate"));
    figures.add(reference(EndToEndScenario.delivered("1 trigger, delivered", Figure.MAX, refMax, -1,
        refSustained.note())));
    figures.add(reference(EndToEndScenario.delivered("1 trigger, delivered", Figure.HALF, refHalf, -1, "same fixed rate")));
    return new ScenarioResult(id(), "3-step Sequence", method(), figures,
        List.of(TargetCheck.atLeast("3-step Sequence's sustained rate ÷ 1 Trigger's",
            max.deliveriesPerSecond() / refMax.deliveriesPerSecond(), 0.5, "")),
        List.of("Platform CPU by thread group, Sequence at max rate: " + Format.threadShares(max.threadCpu()) + "."),
        List.of());
  }

  private static Figure reference(Figure figure) {
    return new Figure(figure.variant(), figure.phase(), true, figure.eventsPerSecond(), figure.latency(),
        figure.latencyOf(), figure.usage(), figure.heapBytes(), figure.note());
  }

  private static String sequence(BenchContext ctx, String path) {
    return """
        apiVersion: flows.knative.dev/v1
        kind: Sequence
        metadata: {name: three-steps, namespace: %s}
        spec:
          steps:
          - uri: "%s"
          - uri: "%s"
          - uri: "%s"
          reply:
            uri: "%s"
        """.formatted(NAMESPACE, ctx.subscriber().url(path + "step1"), ctx.subscriber().url(path + "step2"),
        ctx.subscriber().url(path + "step3"), ctx.subscriber().url(path + "reply/sink"));
  }

  /** The Sequence's address once it is Ready; empty when it is not served or never got ready. */
  private static Optional<String> awaitAddress(PlatformNode node) throws InterruptedException {
    String[] address = new String[1];
    Waits.until(() -> {
      for (JsonNode sequence : node.admin().list("sequence", NAMESPACE)) {
        JsonNode ready = AdminClient.readyCondition(sequence);
        if ("True".equals(ready.path("status").asText())) {
          address[0] = sequence.path("status").path("address").path("url").asText(null);
          return true;
        }
        if ("NotServed".equals(ready.path("reason").asText())) {
          return true;
        }
      }
      return false;
    }, PROBE_LIMIT, Duration.ofMillis(250));
    return Optional.ofNullable(address[0]);
  }

  private static String whyNotReady(PlatformNode node) {
    for (JsonNode sequence : node.admin().list("sequence", NAMESPACE)) {
      JsonNode ready = AdminClient.readyCondition(sequence);
      return "Ready=" + ready.path("status").asText("unknown") + ", reason " + ready.path("reason").asText("none")
          + (ready.path("message").isMissingNode() ? "" : " (" + ready.path("message").asText() + ")");
    }
    return "the Sequence was not stored";
  }

  private static String method() {
    return "A Sequence of three steps, each a path of the bench subscriber that echoes the event (200 with it in "
        + "binary mode), with its reply to a sink path that measures publish → delivery; events are POSTed to the "
        + "Sequence's address. Max: the highest fixed rate sustained (as in the end-to-end scenario); half: half of "
        + "the Sequence's. Reference: a Broker with one Trigger on the same platform, measured the same way.";
  }
}
