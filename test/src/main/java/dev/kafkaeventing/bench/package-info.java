/**
 * {@code bin/bench}: scenarios that run Kafka, the platform and the load generator in separate
 * processes, measure each against a reference in the same run, and write BENCHMARKS.md.
 */
package dev.kafkaeventing.bench;
