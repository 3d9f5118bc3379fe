package dev.kafkaeventing.crds.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects validation problems (field path + message) while a document is read, so that every
 * problem is reported rather than only the first.
 *
 * <p>Not thread-safe: one instance per document being read.
 */
public final class Problems {

  /** One problem found at a field path; the path is empty when the problem concerns the whole document. */
  public record Problem(String path, String message) {}

  private final List<Problem> problems = new ArrayList<>();

  public void add(String path, String message) {
    problems.add(new Problem(path == null ? "" : path, message));
  }

  /** A position to compare against with {@link #cleanSince(int)}. */
  public int mark() {
    return problems.size();
  }

  /** Whether no problem was added after {@code mark}. */
  public boolean cleanSince(int mark) {
    return problems.size() == mark;
  }

  public boolean isEmpty() {
    return problems.isEmpty();
  }

  public List<Problem> all() {
    return List.copyOf(problems);
  }
}
