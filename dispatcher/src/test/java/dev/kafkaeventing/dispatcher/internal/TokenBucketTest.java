package dev.kafkaeventing.dispatcher.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void shouldHandOutRateTokensPerSecondWhenAskedOften() {
    TokenBucket bucket = new TokenBucket(50, 0);

    int taken = 0;
    for (long now = 0; now <= 10 * SECOND; now += SECOND / 1000) {
      if (bucket.tryTake(now)) {
        taken++;
      }
    }

    assertThat(taken).isBetween(500, 503);
  }

  @Test
  void shouldKeepBurstsSmallWhenIdleForLong() {
    TokenBucket bucket = new TokenBucket(1000, 0);

    int burst = 0;
    while (bucket.tryTake(60 * SECOND)) {
      burst++;
    }

    assertThat(burst).isEqualTo(250);
  }

  @Test
  void shouldAllowOneEventWhenRateIsBelowOnePerSecond() {
    TokenBucket bucket = new TokenBucket(0.5, 0);

    assertThat(bucket.tryTake(0)).isTrue();
    assertThat(bucket.tryTake(SECOND)).isFalse();
    assertThat(bucket.tryTake(2 * SECOND)).isTrue();
  }
}
