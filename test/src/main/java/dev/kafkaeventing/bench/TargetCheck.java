package dev.kafkaeventing.bench;

/**
 * One target of the issue checked against a measurement, or a figure shown beside the targets for
 * information (another reading of a target's measurement, judged by no one).
 *
 * @param target what is asked ("≥ 30,000 events/s"), or what an informative figure is
 * @param measured what was measured, formatted
 * @param met whether it holds; null when it could not be measured, or for an informative figure
 * @param informative whether this is a figure for information rather than a target
 */
record TargetCheck(String target, String measured, Boolean met, boolean informative) {

  TargetCheck {
    if (informative && met != null) {
      throw new IllegalArgumentException("an informative figure is neither met nor missed");
    }
  }

  /** A target: {@code met} says whether it holds, null when not measured. */
  TargetCheck(String target, String measured, Boolean met) {
    this(target, measured, met, false);
  }

  static TargetCheck atLeast(String what, double measured, double limit, String unit) {
    return new TargetCheck(what + " ≥ " + Format.number(limit) + unit, Format.number(measured) + unit,
        Double.isNaN(measured) ? null : measured >= limit);
  }

  static TargetCheck atMost(String what, double measured, double limit, String unit) {
    return new TargetCheck(what + " ≤ " + Format.number(limit) + unit, Format.number(measured) + unit,
        Double.isNaN(measured) ? null : measured <= limit);
  }

  static TargetCheck below(String what, double measured, double limit, String unit) {
    return new TargetCheck(what + " < " + Format.number(limit) + unit, Format.number(measured) + unit,
        Double.isNaN(measured) ? null : measured < limit);
  }

  static TargetCheck notMeasurable(String target, String why) {
    return new TargetCheck(target, why, null);
  }

  /** A figure shown among the targets for information, with no limit to meet. */
  static TargetCheck informative(String what, double measured, String unit) {
    return new TargetCheck(what, Format.number(measured) + unit, null, true);
  }
}
