package dev.kafkaeventing.bench;

import java.util.List;

/** The scenarios by name, in the order a full run takes them. */
final class Scenarios {

  static final List<String> ALL = List.of("ingress", "batch", "e2e", "fanout", "slow", "sequence", "startup", "activator", "coldstart",
      "drain", "kafkasource", "kafkasink");

  /** Also runnable by name, not in a default run. */
  static final List<String> EXTRA = List.of("ingress-auth");

  /** Whether {@code name} names a scenario. */
  static boolean known(String name) {
    return ALL.contains(name) || EXTRA.contains(name);
  }

  private Scenarios() {}

  static Scenario named(String name) {
    return switch (name) {
      case "ingress" -> new IngressScenario();
      case "batch" -> new BatchIngressScenario();
      case "e2e" -> new EndToEndScenario();
      case "fanout" -> new FanOutScenario();
      case "slow" -> new SlowSubscriberScenario();
      case "sequence" -> new SequenceScenario();
      case "startup" -> new StartupScenario();
      case "activator" -> new ActivatorScenario();
      case "kafkasource" -> new KafkaSourceScenario();
      case "kafkasink" -> new KafkaSinkScenario();
      case "coldstart" -> new ColdStartScenario();
      case "drain" -> new BacklogDrainScenario();
      case "ingress-auth" -> new IngressAuthScenario();
      default -> throw new IllegalArgumentException("unknown scenario " + name);
    };
  }
}
