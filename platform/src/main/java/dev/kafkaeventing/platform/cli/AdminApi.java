package dev.kafkaeventing.platform.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The CLI's view of the admin API of a running platform (see {@code AdminApiHandler} for the
 * routes). Blocking; one instance per command run. It uses the JDK's {@link HttpURLConnection}
 * rather than the platform's Netty client: the CLI then starts without loading Netty (see
 * bin/kafka-eventing's client class path).
 */
final class AdminApi implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  /** A page of the largest --chunk-size is well under it; more is not an admin API answer. */
  private static final int MAX_ANSWER_BYTES = 4 << 20;
  private static final String SUPPORTED = "; supported: ";

  private final URI server;
  private final String token;
  private final SSLSocketFactory tls;

  AdminApi(URI server) {
    this(server, null, null);
  }

  /**
   * @param token sent as {@code Authorization: Bearer} on every call (null: none)
   * @param tls trust for an https server (null: the JVM's)
   */
  AdminApi(URI server, String token, SSLSocketFactory tls) {
    this.server = server;
    this.token = token;
    this.tls = tls;
  }

  /** Opens a connection with the token and trust of this client. */
  private HttpURLConnection open(String pathAndQuery) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) server.resolve(pathAndQuery).toURL().openConnection();
    if (tls != null && connection instanceof HttpsURLConnection https) {
      https.setSSLSocketFactory(tls);
    }
    if (token != null) {
      connection.setRequestProperty("Authorization", "Bearer " + token);
    }
    return connection;
  }

  /** Applies documents ({@code [{"source": ..., "content": ...}]}) all-or-nothing. */
  JsonNode apply(JsonNode documents) {
    return call("POST", "/api/v1/apply", wrap(documents));
  }

  /** Deletes the resources the documents name. */
  JsonNode deleteDocuments(JsonNode documents) {
    return call("POST", "/api/v1/delete", wrap(documents));
  }

  private static JsonNode wrap(JsonNode documents) {
    ObjectNode body = JSON.createObjectNode();
    body.set("documents", documents);
    return body;
  }

  /**
   * Every resource of a kind ({@code {"items": [...]}}), read in pages of {@code pageSize} that follow
   * each other by {@code metadata.continue}, as kubectl reads Kubernetes' lists.
   */
  JsonNode list(String kind, String namespace, int pageSize) {
    String query = "?kind=" + encode(kind) + (namespace == null ? "" : "&namespace=" + encode(namespace))
        + "&limit=" + pageSize;
    ObjectNode all = JSON.createObjectNode();
    ArrayNode items = all.putArray("items");
    String next = null;
    do {
      JsonNode page = call("GET",
          "/api/v1/resources" + query + (next == null ? "" : "&continue=" + encode(next)), null);
      page.path("items").forEach(items::add);
      next = page.path("metadata").path("continue").asText("");
    } while (!next.isEmpty());
    return all;
  }

  JsonNode get(String kind, String namespace, String name) {
    return call("GET", path("/api/v1/resources", kind, namespace, name), null);
  }

  JsonNode describe(String kind, String namespace, String name) {
    return call("GET", path("/api/v1/describe", kind, namespace, name), null);
  }

  JsonNode delete(String kind, String namespace, String name) {
    return call("DELETE", path("/api/v1/resources", kind, namespace, name), null);
  }

  /** The last lines of a ContainerSource's log: {"log": text}. */
  JsonNode logs(String kind, String namespace, String name, int tail) {
    return call("GET", path("/api/v1/logs", kind, namespace, name) + "?tail=" + tail, null);
  }

  /** The events parked for a Trigger or Subscription. */
  JsonNode parked(String namespace, RouteRef route) {
    return call("GET", "/api/v1/parked/" + encode(namespace) + "/" + encode(route.name()) + route.query(), null);
  }

  /** An event's path from the event journal; {@code broker} ({@code ns/name}) or null. */
  JsonNode eventPath(String id, String broker) {
    return call("GET", "/api/v1/events/" + encode(id).replace("+", "%20") + (broker == null ? "" : "?broker=" + encode(broker)), null);
  }

  /** One parked event by id, with its data. */
  JsonNode parkedEvent(String id) {
    return call("GET", "/api/v1/parked-events/" + encode(id), null);
  }

  /** {@code action} is redrive or purge; {@code selection} is {"all":true} or {"ids":[...]}. */
  JsonNode parkedAction(String namespace, RouteRef route, String action, JsonNode selection) {
    return call("POST", "/api/v1/parked/" + encode(namespace) + "/" + encode(route.name()) + "/" + action
        + route.query(), selection);
  }

  /** Starts a replay: {"from": ..., "to": ...}. */
  JsonNode replay(String namespace, String trigger, JsonNode range) {
    return call("POST", "/api/v1/replay/" + encode(namespace) + "/" + encode(trigger), range);
  }

  /**
   * Follows a stream of JSON lines ({@code GET /api/v1/tail/...}): hands each line to {@code
   * onLine} until it returns false, the stream ends, or {@code deadline} (null: none) passes.
   * The server writes a heartbeat line every few seconds, so the deadline is checked often.
   */
  void tail(String kind, String namespace, String name, String query, java.time.Instant deadline,
      java.util.function.Predicate<JsonNode> onLine) {
    String pathAndQuery = path("/api/v1/tail", kind, namespace, name) + query;
    try {
      HttpURLConnection connection = open(pathAndQuery);
      connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
      connection.setReadTimeout((int) TIMEOUT.toMillis());
      connection.setRequestProperty("Accept", "application/x-ndjson");
      int status = connection.getResponseCode();
      if (status >= 300) {
        byte[] body;
        try (InputStream in = connection.getErrorStream()) {
          body = in == null ? new byte[0] : in.readNBytes(MAX_ANSWER_BYTES);
        }
        throw new CliException(errorText(status, read(body)), status);
      }
      try (java.io.BufferedReader lines = new java.io.BufferedReader(
          new java.io.InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((deadline == null || java.time.Instant.now().isBefore(deadline)) && (line = lines.readLine()) != null) {
          if (!line.isBlank() && !onLine.test(JSON.readTree(line))) {
            break;
          }
        }
      } finally {
        connection.disconnect();
      }
    } catch (IOException e) {
      throw new CliException(failure("GET", pathAndQuery, e));
    }
  }

  private static String path(String prefix, String kind, String namespace, String name) {
    return prefix + "/" + encode(kind) + "/" + encode(namespace) + "/" + encode(name);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private JsonNode call(String method, String pathAndQuery, JsonNode body) {
    Answer answer = exchange(method, pathAndQuery, body);
    JsonNode json = read(answer.body());
    if (answer.status() >= 300) {
      throw new CliException(errorText(answer.status(), json), answer.status());
    }
    return json;
  }

  private record Answer(int status, byte[] body) {}

  private Answer exchange(String method, String pathAndQuery, JsonNode body) {
    HttpURLConnection connection;
    int status;
    byte[] answerBytes;
    try {
      connection = open(pathAndQuery);
      connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
      connection.setReadTimeout((int) TIMEOUT.toMillis());
      connection.setRequestMethod(method);
      connection.setRequestProperty("Accept", "application/json");
      if (body != null || method.equals("POST")) {
        // The admin API refuses a POST without it (a web page's form could send one).
        connection.setRequestProperty("Content-Type", "application/json");
        connection.setDoOutput(true);
        try (OutputStream out = connection.getOutputStream()) {
          out.write(body == null ? new byte[0] : write(body));
        }
      }
      status = connection.getResponseCode();
      try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
        answerBytes = in == null ? new byte[0] : in.readNBytes(MAX_ANSWER_BYTES + 1);
      }
      if (answerBytes.length > MAX_ANSWER_BYTES) {
        throw new IOException("response body exceeds the limit of " + MAX_ANSWER_BYTES + " bytes");
      }
    } catch (IOException e) {
      throw new CliException(failure(method, pathAndQuery, e));
    }
    return new Answer(status, answerBytes);
  }

  /**
   * The errors of an answer, one a line; a list of supported kinds that several errors end with
   * (one unknown kind in many documents) is said once, at the end.
   */
  static String errorText(int status, JsonNode answer) {
    if (answer.has("errors")) {
      List<String> lines = new ArrayList<>();
      answer.get("errors").forEach(e -> lines.add(e.asText()));
      String supported = null;
      for (int i = 0; i < lines.size(); i++) {
        int at = lines.get(i).indexOf(SUPPORTED);
        if (at >= 0) {
          supported = lines.get(i).substring(at + SUPPORTED.length());
          lines.set(i, lines.get(i).substring(0, at));
        }
      }
      if (supported != null) {
        lines.add("supported kinds: " + supported);
      }
      return String.join("\n", lines);
    }
    return answer.path("error").asText("the platform answered " + status);
  }

  /** What went wrong, told apart: the platform not reached, not answering in time, or a broken answer. */
  private String failure(String method, String pathAndQuery, IOException e) {
    String request = method + " " + pathAndQuery.replaceFirst("\\?.*", "");
    if (e instanceof ConnectException || e instanceof UnknownHostException || e instanceof NoRouteToHostException) {
      return "cannot reach the platform at " + server + ": " + rootMessage(e)
          + " (is `kafka-eventing up` running? see --server or KAFKA_EVENTING_SERVER)";
    }
    if (e instanceof SocketTimeoutException) {
      return "the platform at " + server + " did not answer " + request + " within " + TIMEOUT.toSeconds() + " s";
    }
    return "the platform at " + server + " was reached, but its answer to " + request + " could not be read: "
        + rootMessage(e);
  }

  private static Throwable root(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = root(e);
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  private static byte[] write(JsonNode body) {
    try {
      return JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode read(byte[] body) {
    if (body.length == 0) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      ObjectNode error = JSON.createObjectNode();
      error.put("error", new String(body, StandardCharsets.UTF_8).strip());
      return error;
    }
  }

  @Override
  public void close() {
    // HttpURLConnection keeps idle connections in the JDK's cache; nothing of ours to release.
  }
}
