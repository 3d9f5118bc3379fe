package dev.kafkaeventing.crds.internal;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean" for unknown field names: the known name closest by edit distance, when it is
 * close enough to be a likely typo ({@code filtr} for {@code filter}, {@code retires} for
 * {@code retry}). Stateless.
 */
public final class Suggestions {

  private Suggestions() {}

  /** The message for an unknown field at {@code parentPath}, with a suggestion when one is close. */
  public static String unknownField(String parentPath, String name, Collection<String> known) {
    return closest(name, known)
        .map(s -> "unknown field (did you mean " + (parentPath.isEmpty() ? s : parentPath + "." + s)
            + "?)")
        .orElse("unknown field");
  }

  /** The closest of {@code known} to {@code name}, if within a typo's distance. */
  public static Optional<String> closest(String name, Collection<String> known) {
    String lower = name.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int d = distance(lower, candidate.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    int longer = best == null ? 0 : Math.max(name.length(), best.length());
    return best != null && bestDistance <= Math.max(2, longer / 2) && bestDistance < longer
        ? Optional.of(best)
        : Optional.empty();
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
