package dev.kafkaeventing.bench;

import java.util.List;
import java.util.Optional;

/**
 * What one scenario measured: its rows, the targets checked, notes, and optionally a table of its own
 * (for figures that are not rates, such as start times).
 *
 * @param id the scenario's name on the command line
 * @param title heading in the report
 * @param method how it was measured, one paragraph
 * @param figures measured rows, references included
 * @param checks targets checked
 * @param notes observations worth reading beside the numbers
 * @param table extra rows, the first being the header; empty when none
 */
record ScenarioResult(String id, String title, String method, List<Figure> figures, List<TargetCheck> checks,
    List<String> notes, List<List<String>> table) {

  ScenarioResult {
    figures = List.copyOf(figures);
    checks = List.copyOf(checks);
    notes = List.copyOf(notes);
    table = List.copyOf(table);
  }

  /** A scenario that could not finish: no figures, and why. */
  static ScenarioResult failed(String id, Throwable cause) {
    String why = cause.getClass().getSimpleName() + ": " + String.valueOf(cause.getMessage()).lines().findFirst().orElse("");
    return new ScenarioResult(id, id + " (failed)", "", List.of(),
        List.of(TargetCheck.notMeasurable(id, "failed: " + why)), List.of("The scenario failed: " + why), List.of());
  }

  /** Whether the scenario could not finish. */
  boolean isFailure() {
    return title.endsWith("(failed)");
  }

  /** The reference row of {@code figure}'s phase, unless {@code figure} is it. */
  Optional<Figure> referenceFor(Figure figure) {
    if (figure.reference()) {
      return Optional.empty();
    }
    return figures.stream().filter(f -> f.reference() && f.phase().equals(figure.phase())).findFirst();
  }
}
