package dev.kafkaeventing.it.harness;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Debian's headless Chromium driven over the Chrome DevTools Protocol with the JDK's WebSocket
 * client: one browser process with a throwaway profile, one page. No driver binary, no library.
 * {@link #available} says whether {@code /usr/bin/chromium} exists (tests skip without it). Not
 * thread-safe; {@link #close} ends the browser and its child processes.
 */
public final class HeadlessChromium implements AutoCloseable {

  public static final Path BINARY = Path.of("/usr/bin/chromium");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending;

  private HeadlessChromium(Process process, Path profile, WebSocket socket,
      Map<Integer, CompletableFuture<JsonNode>> pending) {
    this.process = process;
    this.profile = profile;
    this.socket = socket;
    this.pending = pending;
  }

  public static boolean available() {
    return Files.isExecutable(BINARY);
  }

  /** Starts the browser with a {@code width × height} window and attaches to its first page. */
  public static HeadlessChromium start(int width, int height) throws IOException {
    Path profile = Files.createTempDirectory("chromium-profile");
    Process process = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars", "--remote-debugging-port=0",
        "--window-size=" + width + "," + height, "--user-data-dir=" + profile, "about:blank")
        .redirectErrorStream(true)
        .redirectOutput(profile.resolveSibling(profile.getFileName() + ".log").toFile())
        .start();
    Path portFile = profile.resolve("DevToolsActivePort");
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> !process.isAlive() || Files.exists(portFile)
          && Files.readAllLines(portFile).size() >= 2);
      if (!process.isAlive()) {
        throw new IOException("chromium exited with " + process.exitValue() + "; see "
            + profile.resolveSibling(profile.getFileName() + ".log"));
      }
      int port = Integer.parseInt(Files.readAllLines(portFile).get(0).strip());
      HttpClient http = HttpClient.newHttpClient();
      String pageSocket = await().atMost(Duration.ofSeconds(30)).until(() -> firstPage(http, port), url -> url != null);
      Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
      WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(pageSocket), listener(pending))
          .get(30, TimeUnit.SECONDS);
      HeadlessChromium attached = new HeadlessChromium(process, profile, socket, pending);
      attached.send("Page.enable", JSON.createObjectNode());
      attached.send("Runtime.enable", JSON.createObjectNode());
      attached.send("Emulation.setDeviceMetricsOverride", JSON.createObjectNode().put("width", width)
          .put("height", height).put("deviceScaleFactor", 1).put("mobile", false));
      return attached;
    } catch (IOException e) {
      kill(process);
      throw e;
    } catch (Exception e) {
      kill(process);
      throw new IOException("could not attach to chromium: " + e, e);
    }
  }

  private static String firstPage(HttpClient http, int port) {
    try {
      HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
          .build(), HttpResponse.BodyHandlers.ofString());
      for (JsonNode target : JSON.readTree(list.body())) {
        if (target.path("type").asText().equals("page")) {
          return target.path("webSocketDebuggerUrl").asText();
        }
      }
      return null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Completes the pending command each answer names; events (no id) are ignored. */
  private static WebSocket.Listener listener(Map<Integer, CompletableFuture<JsonNode>> pending) {
    StringBuilder message = new StringBuilder();
    return new WebSocket.Listener() {
      @Override
      public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        message.append(data);
        if (last) {
          dispatch(pending, message.toString());
          message.setLength(0);
        }
        webSocket.request(1);
        return null;
      }
    };
  }

  private static void dispatch(Map<Integer, CompletableFuture<JsonNode>> pending, String text) {
    try {
      JsonNode message = JSON.readTree(text);
      if (message.has("id")) {
        CompletableFuture<JsonNode> reply = pending.remove(message.get("id").asInt());
        if (reply != null) {
          reply.complete(message);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends a DevTools command and returns its {@code result}; fails on a protocol error. */
  public JsonNode send(String method, ObjectNode params) {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    pending.put(id, reply);
    ObjectNode command = JSON.createObjectNode().put("id", id).put("method", method);
    command.set("params", params);
    socket.sendText(command.toString(), true).join();
    JsonNode answer;
    try {
      answer = reply.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(method + " got no answer: " + e, e);
    }
    if (answer.has("error")) {
      throw new IllegalStateException(method + " failed: " + answer.get("error"));
    }
    return answer.path("result");
  }

  public void navigate(String url) {
    send("Page.navigate", JSON.createObjectNode().put("url", url));
  }

  /** Evaluates a script in the page (promises awaited) and returns its value as JSON. */
  public JsonNode eval(String expression) {
    JsonNode result = send("Runtime.evaluate", JSON.createObjectNode().put("expression", expression)
        .put("returnByValue", true).put("awaitPromise", true));
    if (result.has("exceptionDetails")) {
      throw new IllegalStateException("script failed: " + result.get("exceptionDetails"));
    }
    return result.path("result").path("value");
  }

  /** A PNG of the page as it is drawn now. */
  public byte[] screenshot() {
    JsonNode shot = send("Page.captureScreenshot", JSON.createObjectNode().put("format", "png"));
    return Base64.getDecoder().decode(shot.path("data").asText().getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public void close() {
    if (socket != null) {
      socket.abort();
    }
    kill(process);
    try (Stream<Path> files = Files.walk(profile)) {
      List<Path> paths = new ArrayList<>(files.sorted(Comparator.reverseOrder()).toList());
      for (Path path : paths) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      // a temp profile left behind is harmless
    }
  }

  private static void kill(Process process) {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    children.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
