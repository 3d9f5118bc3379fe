package dev.kafkaeventing.serving.autoscaler;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One revision's KPA settings: Knative's {@code config-autoscaler} keys (namespace
 * {@code knative-serving}) overridden by the revision's {@code autoscaling.knative.dev/*}
 * annotations, with Knative's defaults. {@code tick-interval} and {@code backlog-per-replica} are
 * kafka-eventing's own keys (Knative's tick is a fixed 2 s; it has no backlog).
 *
 * @param target the metric's target per replica before utilization
 * @param utilizationPercentage the share of {@code target} aimed at (70)
 * @param panicWindowPercentage the panic window as a share of the stable window (10)
 * @param panicThresholdPercentage panic when panic desired / ready replicas reaches this (200)
 * @param maxScale 0 for unbounded
 * @param backlogPerReplica pending events one replica is given (100); 0 turns backlog-aware scaling off
 */
public record AutoscalerSettings(Metric metric, double target, double utilizationPercentage, Duration stableWindow,
    double panicWindowPercentage, double panicThresholdPercentage, double maxScaleUpRate, double maxScaleDownRate,
    int minScale, int maxScale, int initialScale, Duration scaleDownDelay, boolean enableScaleToZero,
    Duration scaleToZeroGracePeriod, Duration scaleToZeroPodRetention, Duration tickInterval, int backlogPerReplica) {

  /** What is averaged: requests in flight or requests per second. */
  public enum Metric { CONCURRENCY, RPS }

  public static final String ANNOTATION_PREFIX = "autoscaling.knative.dev/";
  public static final String BACKLOG_ANNOTATION = "kafka-eventing.dev/backlog-per-replica";
  static final Duration MIN_WINDOW = Duration.ofSeconds(6);
  static final Duration MAX_WINDOW = Duration.ofHours(1);

  public AutoscalerSettings {
    Objects.requireNonNull(metric, "metric");
    positive("target", target);
    if (utilizationPercentage <= 0 || utilizationPercentage > 100) {
      throw new IllegalArgumentException("target-utilization-percentage: must be in (0, 100], got "
          + utilizationPercentage);
    }
    if (stableWindow.compareTo(MIN_WINDOW) < 0 || stableWindow.compareTo(MAX_WINDOW) > 0) {
      throw new IllegalArgumentException("window: must be between 6s and 1h, got " + stableWindow);
    }
    if (panicWindowPercentage < 1 || panicWindowPercentage > 100) {
      throw new IllegalArgumentException("panic-window-percentage: must be in [1, 100], got " + panicWindowPercentage);
    }
    if (panicThresholdPercentage < 110 || panicThresholdPercentage > 1000) {
      throw new IllegalArgumentException("panic-threshold-percentage: must be in [110, 1000], got "
          + panicThresholdPercentage);
    }
    if (maxScaleUpRate <= 1) {
      throw new IllegalArgumentException("max-scale-up-rate: must be greater than 1, got " + maxScaleUpRate);
    }
    if (maxScaleDownRate <= 1) {
      throw new IllegalArgumentException("max-scale-down-rate: must be greater than 1, got " + maxScaleDownRate);
    }
    if (minScale < 0 || maxScale < 0 || initialScale < 0) {
      throw new IllegalArgumentException("min-scale, max-scale and initial-scale must not be negative");
    }
    if (maxScale > 0 && minScale > maxScale) {
      throw new IllegalArgumentException("min-scale (" + minScale + ") must not exceed max-scale (" + maxScale + ")");
    }
    notNegative("scale-down-delay", scaleDownDelay);
    notNegative("scale-to-zero-grace-period", scaleToZeroGracePeriod);
    notNegative("scale-to-zero-pod-retention-period", scaleToZeroPodRetention);
    if (tickInterval.isZero() || tickInterval.isNegative()) {
      throw new IllegalArgumentException("tick-interval: must be positive, got " + tickInterval);
    }
    if (backlogPerReplica < 0) {
      throw new IllegalArgumentException(BACKLOG_ANNOTATION + ": must be at least 0 (off), got " + backlogPerReplica);
    }
  }

  /** Knative's defaults, for a revision without {@code containerConcurrency}. */
  public static AutoscalerSettings defaults() {
    return of(Map.of(), Map.of(), 0);
  }

  /**
   * @param config the {@code config-autoscaler} ConfigMap's data (empty when absent)
   * @param annotations the revision's annotations
   * @param containerConcurrency the revision's, 0 when unlimited (then the default target applies)
   * @throws IllegalArgumentException naming the key when a value is invalid
   */
  public static AutoscalerSettings of(Map<String, String> config, Map<String, String> annotations,
      int containerConcurrency) {
    Keys keys = new Keys(config, annotations);
    Metric metric = switch (keys.text("metric", "metric", "concurrency")) {
      case "concurrency" -> Metric.CONCURRENCY;
      case "rps" -> Metric.RPS;
      default -> throw new IllegalArgumentException(ANNOTATION_PREFIX + "metric: must be concurrency or rps, got '"
          + keys.text("metric", "metric", "") + "'");
    };
    double defaultTarget = metric == Metric.RPS
        ? keys.number("requests-per-second-target-default", null, 200)
        : containerConcurrency > 0 ? containerConcurrency
            : keys.number("container-concurrency-target-default", null, 100);
    boolean scaleToZero = Boolean.parseBoolean(keys.text("enable-scale-to-zero", null, "true").trim());
    int minScale = (int) keys.number("min-scale", "min-scale", 0);
    int initial = (int) keys.number("initial-scale", "initial-scale", 1);
    if (initial == 0 && !Boolean.parseBoolean(keys.text("allow-zero-initial-scale", null, "false").trim())) {
      throw new IllegalArgumentException(ANNOTATION_PREFIX + "initial-scale: 0 needs allow-zero-initial-scale: "
          + "\"true\" in config-autoscaler");
    }
    int backlog = annotations.containsKey(BACKLOG_ANNOTATION)
        ? (int) Keys.parse(BACKLOG_ANNOTATION, annotations.get(BACKLOG_ANNOTATION))
        : (int) keys.number("backlog-per-replica", null, 100);
    return new AutoscalerSettings(metric,
        keys.number(null, "target", defaultTarget),
        keys.number("container-concurrency-target-percentage", "target-utilization-percentage", 70),
        keys.duration("stable-window", "window", Duration.ofSeconds(60)),
        keys.number("panic-window-percentage", "panic-window-percentage", 10),
        keys.number("panic-threshold-percentage", "panic-threshold-percentage", 200),
        keys.number("max-scale-up-rate", null, 1000),
        keys.number("max-scale-down-rate", null, 2),
        minScale,
        (int) keys.number("max-scale", "max-scale", 0),
        initial,
        keys.duration("scale-down-delay", "scale-down-delay", Duration.ZERO),
        scaleToZero,
        keys.duration("scale-to-zero-grace-period", null, Duration.ofSeconds(30)),
        keys.duration("scale-to-zero-pod-retention-period", "scale-to-zero-pod-retention-period", Duration.ZERO),
        keys.duration("tick-interval", null, Duration.ofSeconds(2)),
        backlog);
  }

  /** The panic window: {@code panicWindowPercentage} of the stable window, at least one second. */
  public Duration panicWindow() {
    long millis = (long) (stableWindow.toMillis() * panicWindowPercentage / 100);
    return Duration.ofMillis(Math.max(1000, millis));
  }

  /** The metric per replica aimed at: target x utilization. */
  public double targetPerReplica() {
    return target * utilizationPercentage / 100;
  }

  /** Whether the revision may go to zero: scale to zero enabled and min-scale 0. */
  public boolean mayScaleToZero() {
    return enableScaleToZero && minScale == 0;
  }

  private static void positive(String field, double value) {
    if (!(value > 0)) {
      throw new IllegalArgumentException(field + ": must be positive, got " + value);
    }
  }

  private static void notNegative(String field, Duration value) {
    if (value.isNegative()) {
      throw new IllegalArgumentException(field + ": must not be negative, got " + value);
    }
  }

  /** Looks a setting up: the annotation first, then config-autoscaler, then the default. */
  private record Keys(Map<String, String> config, Map<String, String> annotations) {

    Optional<Map.Entry<String, String>> raw(String configKey, String annotationKey) {
      if (annotationKey != null && annotations.containsKey(ANNOTATION_PREFIX + annotationKey)) {
        return Optional.of(Map.entry(ANNOTATION_PREFIX + annotationKey, annotations.get(ANNOTATION_PREFIX + annotationKey)));
      }
      if (configKey != null && config.containsKey(configKey)) {
        return Optional.of(Map.entry("config-autoscaler: " + configKey, config.get(configKey)));
      }
      return Optional.empty();
    }

    String text(String configKey, String annotationKey, String fallback) {
      return raw(configKey, annotationKey).map(Map.Entry::getValue).orElse(fallback);
    }

    double number(String configKey, String annotationKey, double fallback) {
      return raw(configKey, annotationKey).map(e -> parse(e.getKey(), e.getValue())).orElse(fallback);
    }

    Duration duration(String configKey, String annotationKey, Duration fallback) {
      return raw(configKey, annotationKey).map(e -> GoDurations.parse(e.getKey(), e.getValue())).orElse(fallback);
    }

    static double parse(String field, String value) {
      try {
        return Double.parseDouble(value == null ? "" : value.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(field + ": '" + value + "' is not a number");
      }
    }
  }
}
