package dev.kafkaeventing.bench;

/** One benchmark scenario: runs its variants and references, returns what it measured. */
interface Scenario {

  /** The name used on the command line. */
  String id();

  ScenarioResult run(BenchContext ctx) throws Exception;
}
