/**
 * Shared by the end-to-end tests and {@code bin/bench}: a platform run as a child process
 * ({@link dev.kafkaeventing.harness.PlatformProcess}: start, kill -9, SIGTERM, restart on the same
 * ports and data) and a small admin API client.
 */
package dev.kafkaeventing.harness;
