package dev.kafkaeventing.serving.runtime;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** Reads the end of a log file, for a failed replica's status message. Stateless. */
final class LogTail {

  private static final int MAX_BYTES = 4096;

  private LogTail() {}

  /** The last {@code lines} lines written by the process (not our {@code ---} markers), or "". */
  static String lastLines(Path file, int lines) {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      long start = Math.max(0, raf.length() - MAX_BYTES);
      byte[] bytes = new byte[(int) (raf.length() - start)];
      raf.seek(start);
      raf.readFully(bytes);
      String[] all = new String(bytes, StandardCharsets.UTF_8).split("\\R");
      // Only what the last start printed: an earlier run's lines are not this failure's.
      java.util.List<String> kept = new java.util.ArrayList<>();
      for (String line : all) {
        if (line.startsWith("--- ") && line.contains(" starting on PORT=")) {
          kept.clear();
        } else if (!line.startsWith("--- ") && !line.isBlank()) {
          kept.add(line);
        }
      }
      return kept.subList(Math.max(0, kept.size() - lines), kept.size()).stream()
          .collect(Collectors.joining("\n"));
    } catch (IOException e) {
      return "";
    }
  }
}
