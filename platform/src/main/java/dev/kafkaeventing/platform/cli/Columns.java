package dev.kafkaeventing.platform.cli;

import java.io.PrintWriter;
import java.util.List;

/**
 * The CLI's one table printer (get, describe's conditions, parked list): left-aligned columns three
 * spaces apart, the first row being the header, no trailing spaces. An instance keeps the widths of
 * the table it printed, so that rows printed later ({@code get -w}) line up under it. Not
 * thread-safe.
 */
final class Columns {

  private final String indent;
  private int[] widths = new int[0];

  private Columns(String indent) {
    this.indent = indent;
  }

  /** A printer whose lines start with {@code indent}. */
  static Columns indented(String indent) {
    return new Columns(indent);
  }

  /** Prints rows as a table at the left margin. */
  static void print(List<List<String>> rows, PrintWriter out) {
    new Columns("").table(rows, out);
  }

  /** Prints rows as a table, each column as wide as its widest cell. */
  void table(List<List<String>> rows, PrintWriter out) {
    widths = new int[rows.stream().mapToInt(List::size).max().orElse(0)];
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    rows.forEach(row -> row(row, out));
  }

  /** Prints one more row under the table printed last. */
  void row(List<String> row, PrintWriter out) {
    StringBuilder line = new StringBuilder(indent);
    for (int i = 0; i < row.size(); i++) {
      line.append(row.get(i));
      if (i < row.size() - 1) {
        int width = i < widths.length ? widths[i] : 0;
        line.append(" ".repeat(Math.max(0, width - row.get(i).length()) + 3));
      }
    }
    out.println(line.toString().stripTrailing());
  }
}
