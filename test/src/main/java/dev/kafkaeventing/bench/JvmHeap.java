package dev.kafkaeventing.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads another JVM's heap through {@code jcmd}: {@code GC.heap_info} for the heap in use, after an
 * optional {@code GC.run} (a full collection, so what remains is live data). Stateless; each call
 * starts a short-lived {@code jcmd} process.
 */
final class JvmHeap {

  /**
   * G1's "garbage-first heap   total 262144K, used 45678K [...]", or the Serial and Parallel
   * collectors' one line per generation (summed).
   */
  private static final Pattern USED = Pattern.compile("(?:heap|generation)\\s+total\\s+(\\d+)K,\\s+used\\s+(\\d+)K");

  private JvmHeap() {}

  /** Heap in use in JVM {@code pid} now (live data plus garbage not yet collected), or -1. */
  static long used(long pid) {
    String out = jcmd(pid, "GC.heap_info");
    Matcher matcher = USED.matcher(out);
    long used = -1;
    while (matcher.find()) {
      used = Math.max(used, 0) + Long.parseLong(matcher.group(2)) * 1024;
    }
    return used;
  }

  /**
   * Live heap: the smallest heap in use right after a full collection, over three collections (the
   * first ones may still find objects that only just became unreachable, such as what lazy
   * initialisation and finalisation leave behind); -1 when unknown.
   */
  static long usedAfterFullGc(long pid) {
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      jcmd(pid, "GC.run");
      long used = used(pid);
      if (used >= 0) {
        least = Math.min(least, used);
      }
    }
    return least == Long.MAX_VALUE ? -1 : least;
  }

  private static String jcmd(long pid, String command) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    String executable = Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd";
    try {
      Process process = new ProcessBuilder(executable, Long.toString(pid), command).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor(60, TimeUnit.SECONDS);
      return out;
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}
