package dev.kafkaeventing.platform.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconcileBackoffTest {

  private static final ResourceKey KEY = new ResourceKey(ResourceKind.TRIGGER, "default", "t");

  @Test
  void shouldDoubleFromTwoSecondsUpToFiveMinutesWhenFailuresRepeat() {
    ReconcileBackoff backoff = new ReconcileBackoff(Duration.ofSeconds(2), Duration.ofMinutes(5));

    List<Long> seconds = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      seconds.add(backoff.delay(backoff.failed(KEY)).toSeconds());
    }

    assertThat(seconds).containsExactly(2L, 4L, 8L, 16L, 32L, 64L, 128L, 256L, 300L, 300L, 300L, 300L);
    assertThat(backoff.delay(1_000)).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void shouldStartOverWhenReconcileSucceeds() {
    ReconcileBackoff backoff = new ReconcileBackoff(Duration.ofSeconds(2), Duration.ofMinutes(5));
    backoff.failed(KEY);
    backoff.failed(KEY);

    backoff.succeeded(KEY);

    assertThat(backoff.failed(KEY)).isEqualTo(1);
  }
}
