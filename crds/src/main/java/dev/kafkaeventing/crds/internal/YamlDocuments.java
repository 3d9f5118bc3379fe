package dev.kafkaeventing.crds.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Splits a multi-document YAML stream at its {@code ---} and {@code ...} markers, remembering
 * where each document starts, so each document is parsed on its own: a syntax error in one
 * document does not hide problems in the others, and its line number still refers to the file.
 *
 * <p>A marker at the start of a line always ends a document in YAML (even inside a block
 * scalar), so splitting on lines is exact. Stateless and thread-safe.
 */
public final class YamlDocuments {

  /** One document's text; {@code firstLine} is the 1-based file line its text starts on. */
  public record Chunk(String text, int firstLine) {}

  private static final Pattern START = Pattern.compile("---(?:[ \\t].*)?");
  private static final Pattern END = Pattern.compile("\\.\\.\\.(?:[ \\t].*)?");

  private YamlDocuments() {}

  public static List<Chunk> split(String text) {
    String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
    String[] lines = body.split("\r?\n", -1);
    List<Chunk> chunks = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int firstLine = 1;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      boolean start = START.matcher(line).matches();
      if (start || END.matcher(line).matches()) {
        chunks.add(new Chunk(current.toString(), firstLine));
        current.setLength(0);
        firstLine = i + 1;
        // Keep what follows "---" on the marker line, blanking the marker so columns still match.
        current.append(start ? "   " + line.substring(3) : "").append('\n');
      } else {
        current.append(line).append(i == lines.length - 1 ? "" : "\n");
      }
    }
    chunks.add(new Chunk(current.toString(), firstLine));
    return chunks;
  }
}
