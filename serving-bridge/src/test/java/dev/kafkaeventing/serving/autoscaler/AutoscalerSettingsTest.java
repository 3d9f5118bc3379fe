package dev.kafkaeventing.serving.autoscaler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AutoscalerSettingsTest {

  @Test
  void shouldUseKnativesDefaultsWhenNothingIsSet() {
    AutoscalerSettings settings = AutoscalerSettings.defaults();

    assertThat(settings.metric()).isEqualTo(AutoscalerSettings.Metric.CONCURRENCY);
    assertThat(settings.target()).isEqualTo(100);
    assertThat(settings.targetPerReplica()).isEqualTo(70);
    assertThat(settings.stableWindow()).isEqualTo(Duration.ofSeconds(60));
    assertThat(settings.panicWindow()).isEqualTo(Duration.ofSeconds(6));
    assertThat(settings.panicThresholdPercentage()).isEqualTo(200);
    assertThat(settings.maxScaleUpRate()).isEqualTo(1000);
    assertThat(settings.maxScaleDownRate()).isEqualTo(2);
    assertThat(settings.enableScaleToZero()).isTrue();
    assertThat(settings.scaleToZeroGracePeriod()).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.tickInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(settings.backlogPerReplica()).isEqualTo(100);
  }

  @Test
  void shouldPreferAnnotationsOverConfigAutoscalerAndContainerConcurrencyOverTheDefaultTarget() {
    AutoscalerSettings settings = AutoscalerSettings.of(
        Map.of("stable-window", "6s", "tick-interval", "500ms", "scale-to-zero-grace-period", "2s",
            "container-concurrency-target-percentage", "50"),
        Map.of("autoscaling.knative.dev/window", "1m30s"), 10);

    assertThat(settings.stableWindow()).isEqualTo(Duration.ofSeconds(90));
    assertThat(settings.tickInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(settings.scaleToZeroGracePeriod()).isEqualTo(Duration.ofSeconds(2));
    assertThat(settings.target()).isEqualTo(10);
    assertThat(settings.targetPerReplica()).isEqualTo(5);
  }

  @Test
  void shouldNameTheKeyWhenAValueIsInvalid() {
    assertThatThrownBy(() -> AutoscalerSettings.of(Map.of("stable-window", "soon"), Map.of(), 0))
        .hasMessageContaining("config-autoscaler: stable-window");
    assertThatThrownBy(() -> AutoscalerSettings.of(Map.of(), Map.of("autoscaling.knative.dev/window", "2s"), 0))
        .hasMessageContaining("window: must be between 6s and 1h");
    assertThatThrownBy(() -> AutoscalerSettings.of(Map.of(), Map.of("autoscaling.knative.dev/target", "x"), 0))
        .hasMessageContaining("autoscaling.knative.dev/target");
    assertThatThrownBy(() -> AutoscalerSettings.of(Map.of(), Map.of("autoscaling.knative.dev/metric", "cpu"), 0))
        .hasMessageContaining("metric: must be concurrency or rps");
  }
}
