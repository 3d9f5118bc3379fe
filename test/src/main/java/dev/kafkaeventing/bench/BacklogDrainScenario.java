package dev.kafkaeventing.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Backlog drain: 20,000 events published to a Broker whose Trigger's subscriber is a Knative
 * Service at zero replicas (app with a fixed 10 ms service time, containerConcurrency 10,
 * max-scale 8), once with backlog-aware scaling (the default) and once without
 * ({@code backlog-per-replica: 0}: Knative's KPA alone), in the same run on the same platform. Per
 * variant also the cores the platform, Kafka and the replicas kept busy, and the machine as a whole,
 * over the drain and after the most replicas were seen: on a machine of a few cores the replicas
 * share them with the platform instead of adding capacity, as they would on Kubernetes nodes.
 */
final class BacklogDrainScenario implements Scenario {

  private static final int EVENTS = 20_000;
  private static final int WARMUP_EVENTS = 5_000;

  @Override
  public String id() {
    return "drain";
  }

  @Override
  public ScenarioResult run(BenchContext ctx) throws Exception {
    PlatformNode node = ctx.platform(id());
    List<List<String>> table = new ArrayList<>();
    table.add(List.of("variant", "publish (s)", "first publish → all delivered (s)", "first delivery (s)",
        "most replicas seen", "… first seen at (s)", "events/s after", "cores busy over the drain: platform / Kafka /"
            + " replicas / bench / other = machine", "… after the most replicas"));
    double[] seconds = new double[2];
    try {
      node.admin().apply("""
          apiVersion: v1
          kind: ConfigMap
          metadata: {name: config-autoscaler, namespace: knative-serving}
          data: {allow-zero-initial-scale: "true"}
          """);
      // Unmeasured: the platform's delivery path gets compiled before either variant runs.
      drain(ctx, node, "bench-drain-warmup", "0", WARMUP_EVENTS);
      String[] variants = {"backlog-aware", "KPA alone"};
      for (int i = 0; i < variants.length; i++) {
        Result result = drain(ctx, node, "bench-drain-" + i, i == 0 ? "100" : "0", EVENTS);
        seconds[i] = result.drainSeconds();
        table.add(List.of(variants[i], Format.number(result.publishSeconds()), Format.number(result.drainSeconds()),
            Format.number(result.firstDeliverySeconds()), Integer.toString(result.maxReplicas()),
            Format.number(result.mostReplicasSeconds()), Format.number(result.rateAfterMostReplicas()),
            result.drainCores().toString(), result.coresAfterMostReplicas().toString()));
        ctx.log("drain: %s: published in %.1f s, drained in %.1f s, up to %d replicas; cores busy (platform / Kafka /"
            + " replicas / bench / other = machine) %s over the drain, %s after the most replicas", variants[i],
            result.publishSeconds(), result.drainSeconds(), result.maxReplicas(), result.drainCores(),
            result.coresAfterMostReplicas());
      }
    } finally {
      ctx.release(node);
    }
    double ratio = seconds[1] / seconds[0];
    return new ScenarioResult(id(), "Backlog drain into a Knative Service from zero: backlog-aware vs KPA alone",
        "Per variant a Broker, a Trigger and a Service at zero replicas (the bench app with a fixed 10 ms service "
            + "time, containerConcurrency 10, max-scale 8, Knative's other defaults: tick 2 s, stable window 60 s); "
            + EVENTS + " binary CloudEvents written straight into the Broker's topic (the ingress has its own "
            + "scenarios; this way the backlog is there within a second); time from the first write until the "
            + "Trigger's delivered counter reaches " + EVENTS + ", after an unmeasured warm-up drain of "
            + WARMUP_EVENTS + " events. Backlog-aware: "
            + "backlog-per-replica 100 (the default); KPA alone: 0 (off). Both with the Trigger's window following "
            + "the ready replicas. Cores busy: CPU seconds per second of the platform, Kafka, the replica "
            + "processes summed, the bench process (publisher, polls), everything else (other work on the machine) "
            + "and the machine as a whole (/proc), over "
            + "the drain and from when the most replicas were first seen to the end; the machine has "
            + Runtime.getRuntime().availableProcessors() + " cores.",
        List.of(), List.of(TargetCheck.atLeast("drain time, KPA alone ÷ backlog-aware", ratio, 3, "×")),
        List.of(), table);
  }

  private record Result(double publishSeconds, double drainSeconds, double firstDeliverySeconds, int maxReplicas,
      double mostReplicasSeconds, double rateAfterMostReplicas, DrainCpu.Cores drainCores,
      DrainCpu.Cores coresAfterMostReplicas) {}

  private Result drain(BenchContext ctx, PlatformNode node, String ns, String backlogPerReplica, int events)
      throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String yaml = """
        apiVersion: serving.knative.dev/v1
        kind: Service
        metadata: {name: sink, namespace: %1$s}
        spec:
          template:
            metadata:
              annotations:
                autoscaling.knative.dev/initial-scale: "0"
                autoscaling.knative.dev/max-scale: "8"
                kafka-eventing.dev/backlog-per-replica: "%2$s"
            spec:
              containerConcurrency: 10
              containers:
                - image: bench/app
                  command: ["%3$s", "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", "%4$s", "%5$s"]
                  env:
                    - {name: SERVICE_TIME_MS, value: "10"}
        ---
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata: {name: default, namespace: %1$s}
        ---
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata: {name: drain, namespace: %1$s}
        spec:
          broker: default
          subscriber:
            ref: {apiVersion: serving.knative.dev/v1, kind: Service, name: sink}
        """.formatted(ns, backlogPerReplica, java, System.getProperty("java.class.path"), BenchApp.class.getName());
    node.admin().apply(yaml);
    try {
      DeliveryPhase.awaitReady(node, "trigger", ns, 1, Duration.ofSeconds(60));
      int[] maxReplicas = {0};
      // When the first event was delivered, when the most replicas were first seen, and the delivered count then.
      double[] firstDelivery = {Double.NaN};
      double[] mostReplicasAt = {Double.NaN};
      long[] deliveredAtMost = {0};
      DrainCpu cpu = new DrainCpu(node.pid(), ctx.kafkaPid());
      DrainCpu.Totals[] atMost = {null};
      long[] lastSample = {0};
      long start = System.nanoTime();
      double publishSeconds = publish(ctx.bootstrapServers(), "knative-broker-" + ns + "-default", events) / 1e9;
      boolean drained = Waits.until(() -> {
        double now = (System.nanoTime() - start) / 1e9;
        int replicas = replicas(node, ns);
        long delivered = node.admin().counters("trigger", ns, "drain").path("delivered").asLong();
        if (delivered > 0 && Double.isNaN(firstDelivery[0])) {
          firstDelivery[0] = now;
        }
        if (replicas > maxReplicas[0]) {
          maxReplicas[0] = replicas;
          mostReplicasAt[0] = now;
          deliveredAtMost[0] = delivered;
          atMost[0] = cpu.sample();
          lastSample[0] = System.nanoTime();
        } else if (System.nanoTime() - lastSample[0] > 500_000_000L) {
          // a replica's CPU is counted up to its last sample, should it exit
          cpu.sample();
          lastSample[0] = System.nanoTime();
        }
        return delivered >= events;
      }, Duration.ofMinutes(5), Duration.ofMillis(100));
      DrainCpu.Totals end = cpu.sample();
      double drainSeconds = (System.nanoTime() - start) / 1e9;
      double rateAfter = (events - deliveredAtMost[0]) / Math.max(1e-3, drainSeconds - mostReplicasAt[0]);
      ctx.log("drain: %s: first delivery at %.1f s; %d replicas from %.1f s (%d delivered by then), then %.0f events/s;"
          + " load %.1f", ns, firstDelivery[0], maxReplicas[0], mostReplicasAt[0], deliveredAtMost[0], rateAfter,
          ProcFs.loadAverage()[0]);
      if (!drained) {
        throw new IllegalStateException("only " + node.admin().counters("trigger", ns, "drain").path("delivered")
            + " of " + events + " events delivered within 5 minutes");
      }
      DrainCpu.Cores after = atMost[0] == null ? DrainCpu.between(end, end) : DrainCpu.between(atMost[0], end);
      return new Result(publishSeconds, drainSeconds, firstDelivery[0], maxReplicas[0], mostReplicasAt[0], rateAfter,
          cpu.since(end), after);
    } finally {
      node.admin().delete(yaml);
    }
  }

  private static int replicas(PlatformNode node, String ns) {
    int most = 0;
    for (JsonNode revision : node.admin().list("revision", ns)) {
      most = Math.max(most, revision.path("status").path("actualReplicas").asInt(0));
    }
    return most;
  }

  /**
   * Writes every event straight into the Broker's topic (binary CloudEvents, as the ingress writes
   * them), so the backlog is there at once rather than at the ingress's pace. @return nanoseconds it took
   */
  private static long publish(String bootstrapServers, String topic, int events) {
    long start = System.nanoTime();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.LINGER_MS_CONFIG, 5), new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < events; i++) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null,
            ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_specversion", bytes("1.0")).add("ce_id", bytes("drain-" + i))
            .add("ce_source", bytes("/bench/drain")).add("ce_type", bytes("bench.drain"))
            .add("content-type", bytes("application/json"));
        producer.send(record);
      }
      producer.flush();
    }
    return System.nanoTime() - start;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
