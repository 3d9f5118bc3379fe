package dev.kafkaeventing.bench;

/**
 * One target of the issue checked against a measurement.
 *
 * @param target what is asked ("≥ 30,000 events/s")
 * @param measured what was measured, formatted
 * @param met whether it holds; null when it could not be measured
 */
record TargetCheck(String target, String measured, Boolean met) {

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
}
