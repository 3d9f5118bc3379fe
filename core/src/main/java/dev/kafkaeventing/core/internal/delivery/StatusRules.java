package dev.kafkaeventing.core.internal.delivery;

/**
 * Which response statuses Knative retries: 5xx, 404 (the subscriber may be starting), 408, 409 and 429.
 * Other 4xx and 3xx are permanent failures that go straight to the dead letter sink.
 */
final class StatusRules {

  private StatusRules() {
  }

  static boolean isSuccess(int status) {
    return status >= 200 && status < 300;
  }

  static boolean isRetryable(int status) {
    return status >= 500 || status == 404 || status == 408 || status == 409 || status == 429;
  }

  /** Only these statuses carry a {@code Retry-After} that the engine honours. */
  static boolean mayCarryRetryAfter(int status) {
    return status == 429 || status == 503;
  }
}
