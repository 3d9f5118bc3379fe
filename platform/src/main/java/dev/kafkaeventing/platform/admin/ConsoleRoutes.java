package dev.kafkaeventing.platform.admin;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The web console's static files, from the jar: {@code GET /ui} (and {@code /ui/}) is the page,
 * {@code /ui/NAME} its script and style, {@code /ui/lib/echarts.min.js} the graph library from
 * its WebJar. Nothing else under {@code /ui} is served (no path is looked up as given). The page
 * talks to the admin API beside it, so its calls pass {@link CrossSiteDefense} as any client's.
 * Files are read once and kept; thread-safe.
 */
final class ConsoleRoutes {

  private static final String OWN = "/dev/kafkaeventing/platform/console/";
  private static final String ECHARTS = "/META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";
  private static final Map<String, String[]> FILES = Map.of(
      "/ui", new String[] {OWN + "index.html", "text/html; charset=utf-8"},
      "/ui/", new String[] {OWN + "index.html", "text/html; charset=utf-8"},
      "/ui/console.js", new String[] {OWN + "console.js", "text/javascript; charset=utf-8"},
      "/ui/console.css", new String[] {OWN + "console.css", "text/css; charset=utf-8"},
      "/ui/lib/echarts.min.js", new String[] {ECHARTS, "text/javascript; charset=utf-8"});

  private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

  static boolean serves(String path) {
    return path.equals("/ui") || path.startsWith("/ui/");
  }

  HttpAnswer handle(HttpCall call) throws IOException {
    String[] file = FILES.get(call.path());
    if (!call.method().equals("GET") || file == null) {
      return HttpAnswer.text(404, "no console file " + call.method() + " " + call.path() + "; the console is at /ui");
    }
    byte[] body = cache.get(file[0]);
    if (body == null) {
      try (InputStream in = ConsoleRoutes.class.getResourceAsStream(file[0])) {
        if (in == null) {
          return HttpAnswer.text(500, "the console file " + file[0] + " is missing from the class path");
        }
        body = in.readAllBytes();
      }
      cache.put(file[0], body);
    }
    return new HttpAnswer(200, file[1], body);
  }
}
