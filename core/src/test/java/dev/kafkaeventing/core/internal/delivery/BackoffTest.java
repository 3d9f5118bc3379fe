package dev.kafkaeventing.core.internal.delivery;

import dev.kafkaeventing.crds.BackoffPolicy;
import static org.assertj.core.api.Assertions.assertThat;


import dev.kafkaeventing.core.DeliveryPolicy;
import dev.kafkaeventing.core.HttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BackoffTest {

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-01T10:00:00Z"), ZoneOffset.UTC);

  static Stream<Arguments> computedDelays() {
    return Stream.of(
        Arguments.of(BackoffPolicy.LINEAR, "PT0.1S", null, 1, "PT0.1S"),
        Arguments.of(BackoffPolicy.LINEAR, "PT0.1S", null, 5, "PT0.5S"),
        Arguments.of(BackoffPolicy.EXPONENTIAL, "PT0.2S", null, 1, "PT0.4S"),
        Arguments.of(BackoffPolicy.EXPONENTIAL, "PT0.2S", null, 3, "PT1.6S"),
        Arguments.of(BackoffPolicy.EXPONENTIAL, "PT1S", "PT5S", 3, "PT5S"),
        Arguments.of(BackoffPolicy.LINEAR, "PT1S", "PT2S", 10, "PT2S"),
        Arguments.of(BackoffPolicy.EXPONENTIAL, "PT0S", null, 4, "PT0S"),
        Arguments.of(BackoffPolicy.EXPONENTIAL, "PT1S", "PT1H", 100, "PT1H"));
  }

  @ParameterizedTest
  @MethodSource("computedDelays")
  void shouldComputeKnativeBackoffWhenRetryNumberIsN(BackoffPolicy backoff, String delay, String max, int n,
      String expected) {
    DeliveryPolicy policy = new DeliveryPolicy(200, backoff, Duration.parse(delay), Duration.ofSeconds(1),
        max == null ? null : Duration.parse(max), null);

    Duration computed = Backoff.computed(policy, n);

    assertThat(computed).isEqualTo(Duration.parse(expected));
  }

  @Test
  void shouldNotOverflowWhenExponentIsHugeAndThereIsNoCap() {
    DeliveryPolicy policy = new DeliveryPolicy(200, BackoffPolicy.EXPONENTIAL, Duration.ofDays(1),
        Duration.ofSeconds(1), null, null);

    Duration computed = Backoff.computed(policy, 150);

    assertThat(computed).isEqualTo(Duration.ofNanos(Long.MAX_VALUE));
  }

  static Stream<Arguments> retryAfterCases() {
    return Stream.of(
        // status, Retry-After, retryAfterMax, expected wait (backoff alone is 0.1 s)
        Arguments.of(429, "3", null, "PT3S"),
        Arguments.of(503, "3", null, "PT3S"),
        Arguments.of(503, "Wed, 01 May 2024 10:00:07 GMT", null, "PT7S"),
        Arguments.of(429, "30", "PT2S", "PT2S"),
        Arguments.of(429, "30", "PT0S", "PT0.1S"),
        Arguments.of(500, "30", null, "PT0.1S"),
        Arguments.of(429, "soon", null, "PT0.1S"),
        Arguments.of(429, "0", null, "PT0.1S"));
  }

  @ParameterizedTest
  @MethodSource("retryAfterCases")
  void shouldTakeTheLongerOfBackoffAndRetryAfterWhenResponseCarriesIt(int status, String header, String max,
      String expected) {
    DeliveryPolicy policy = new DeliveryPolicy(3, BackoffPolicy.LINEAR, Duration.ofMillis(100),
        Duration.ofSeconds(1), null, max == null ? null : Duration.parse(max));
    HttpResponse response = new HttpResponse(status, new DefaultHttpHeaders().add("Retry-After", header), null);

    Duration wait = Backoff.before(1, policy, response, CLOCK);

    assertThat(wait).isEqualTo(Duration.parse(expected));
  }
}
