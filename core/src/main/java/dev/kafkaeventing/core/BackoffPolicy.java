package dev.kafkaeventing.core;

/**
 * How the wait between delivery attempts grows, as Knative's {@code delivery.backoffPolicy}: before retry
 * {@code n} (1 for the first retry) the engine waits {@code backoffDelay × 2^n} (exponential) or
 * {@code backoffDelay × n} (linear).
 */
public enum BackoffPolicy {
  EXPONENTIAL,
  LINEAR
}
