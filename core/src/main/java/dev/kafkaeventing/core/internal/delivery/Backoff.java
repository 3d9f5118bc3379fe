package dev.kafkaeventing.core.internal.delivery;

import dev.kafkaeventing.core.DeliveryPolicy;
import dev.kafkaeventing.core.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The wait before the next attempt, as Knative computes it: before retry {@code n} (1-based)
 * {@code backoffDelay × 2^n} (exponential) or {@code backoffDelay × n} (linear), capped by
 * {@code backoffMax}; on a 429 or 503 carrying {@code Retry-After} the longer of that and the header's
 * wait, the header's wait capped by {@code retryAfterMax} (zero ignores the header).
 */
public final class Backoff {

  private static final Duration FOREVER = Duration.ofNanos(Long.MAX_VALUE);

  private Backoff() {
  }

  /** Wait before retry {@code n}, from the policy alone. */
  public static Duration computed(DeliveryPolicy policy, int n) {
    Duration delay = switch (policy.backoffPolicy()) {
      case LINEAR -> times(policy.backoffDelay(), n);
      case EXPONENTIAL -> n >= 62 ? FOREVER : times(policy.backoffDelay(), 1L << n);
    };
    if (policy.backoffMax() != null && delay.compareTo(policy.backoffMax()) > 0) {
      return policy.backoffMax();
    }
    return delay.compareTo(FOREVER) > 0 ? FOREVER : delay;
  }

  /** Wait before retry {@code n} after {@code response} (null when the attempt got none). */
  static Duration before(int n, DeliveryPolicy policy, HttpResponse response, Clock clock) {
    Duration computed = computed(policy, n);
    Duration retryAfter = retryAfter(policy, response, clock).orElse(Duration.ZERO);
    return retryAfter.compareTo(computed) > 0 ? retryAfter : computed;
  }

  private static Optional<Duration> retryAfter(DeliveryPolicy policy, HttpResponse response, Clock clock) {
    if (response == null || !StatusRules.mayCarryRetryAfter(response.status())) {
      return Optional.empty();
    }
    Duration max = policy.retryAfterMax();
    if (max != null && max.isZero()) {
      return Optional.empty();
    }
    return RetryAfter.parse(response.headers().get("Retry-After"), clock)
        .map(wait -> max != null && wait.compareTo(max) > 0 ? max : wait);
  }

  private static Duration times(Duration delay, long factor) {
    try {
      return delay.multipliedBy(factor);
    } catch (ArithmeticException overflow) {
      return FOREVER;
    }
  }
}
