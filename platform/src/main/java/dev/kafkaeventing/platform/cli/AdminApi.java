package dev.kafkaeventing.platform.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.core.HttpClient;
import dev.kafkaeventing.core.HttpClientConfig;
import dev.kafkaeventing.core.HttpRequest;
import dev.kafkaeventing.core.HttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionException;

/**
 * The CLI's view of the admin API of a running platform (see {@code AdminApiHandler} for the
 * routes). Blocking; one instance per command run.
 */
final class AdminApi implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final URI server;
  private final HttpClient client = HttpClient.create(HttpClientConfig.defaults());

  AdminApi(URI server) {
    this.server = server;
  }

  /** Applies documents ({@code [{"source": ..., "content": ...}]}) all-or-nothing. */
  JsonNode apply(JsonNode documents) {
    return call(HttpMethod.POST, "/api/v1/apply", wrap(documents));
  }

  /** Deletes the resources the documents name. */
  JsonNode deleteDocuments(JsonNode documents) {
    return call(HttpMethod.POST, "/api/v1/delete", wrap(documents));
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
      JsonNode page = call(HttpMethod.GET,
          "/api/v1/resources" + query + (next == null ? "" : "&continue=" + encode(next)), null);
      page.path("items").forEach(items::add);
      next = page.path("metadata").path("continue").asText("");
    } while (!next.isEmpty());
    return all;
  }

  JsonNode get(String kind, String namespace, String name) {
    return call(HttpMethod.GET, path("/api/v1/resources", kind, namespace, name), null);
  }

  JsonNode describe(String kind, String namespace, String name) {
    return call(HttpMethod.GET, path("/api/v1/describe", kind, namespace, name), null);
  }

  JsonNode delete(String kind, String namespace, String name) {
    return call(HttpMethod.DELETE, path("/api/v1/resources", kind, namespace, name), null);
  }

  /** The events parked for a Trigger. */
  JsonNode parked(String namespace, String trigger) {
    return call(HttpMethod.GET, "/api/v1/parked/" + encode(namespace) + "/" + encode(trigger), null);
  }

  /** The events parked for a route (a Trigger or a KafkaSource). */
  JsonNode parked(String namespace, TriggerRef.Route route) {
    return call(HttpMethod.GET, "/api/v1/parked/" + encode(namespace) + "/" + encode(route.name()) + route.query(), null);
  }

  /** {@link #parkedAction(String, String, String, JsonNode)} for a route of any kind. */
  JsonNode parkedAction(String namespace, TriggerRef.Route route, String action, JsonNode selection) {
    return call(HttpMethod.POST, "/api/v1/parked/" + encode(namespace) + "/" + encode(route.name()) + "/" + action
        + route.query(), selection);
  }

  /** One parked event by id, with its data. */
  JsonNode parkedEvent(String id) {
    return call(HttpMethod.GET, "/api/v1/parked-events/" + encode(id), null);
  }

  /** {@code action} is redrive or purge; {@code selection} is {"all":true} or {"ids":[...]}. */
  JsonNode parkedAction(String namespace, String trigger, String action, JsonNode selection) {
    return call(HttpMethod.POST, "/api/v1/parked/" + encode(namespace) + "/" + encode(trigger) + "/" + action, selection);
  }

  /** Starts a replay: {"from": ..., "to": ...}. */
  JsonNode replay(String namespace, String trigger, JsonNode range) {
    return call(HttpMethod.POST, "/api/v1/replay/" + encode(namespace) + "/" + encode(trigger), range);
  }

  private static String path(String prefix, String kind, String namespace, String name) {
    return prefix + "/" + encode(kind) + "/" + encode(namespace) + "/" + encode(name);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private JsonNode call(HttpMethod method, String pathAndQuery, JsonNode body) {
    HttpHeaders headers = new DefaultHttpHeaders();
    byte[] bytes = new byte[0];
    if (body != null) {
      bytes = write(body);
    }
    if (body != null || !method.equals(HttpMethod.GET) && !method.equals(HttpMethod.DELETE)) {
      // The admin API refuses a POST without it (a web page's form could send one).
      headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
    }
    HttpResponse response;
    try {
      response = client.send(new HttpRequest(method, server.resolve(pathAndQuery), headers, bytes, TIMEOUT)).join();
    } catch (CompletionException e) {
      throw new CliException(failure(method, pathAndQuery, e));
    }
    JsonNode answer = read(response.body());
    if (response.status() >= 300) {
      throw new CliException(errorText(response.status(), answer));
    }
    return answer;
  }

  private static String errorText(int status, JsonNode answer) {
    if (answer.has("errors")) {
      StringBuilder text = new StringBuilder();
      answer.get("errors").forEach(e -> text.append(text.length() == 0 ? "" : "\n").append(e.asText()));
      return text.toString();
    }
    return answer.path("error").asText("the platform answered " + status);
  }

  /** What went wrong, told apart: the platform not reached, not answering in time, or a broken answer. */
  private String failure(HttpMethod method, String pathAndQuery, Throwable e) {
    Throwable root = root(e);
    String request = method + " " + pathAndQuery.replaceFirst("\\?.*", "");
    if (root instanceof ConnectException || root instanceof UnknownHostException
        || root instanceof UnresolvedAddressException) {
      return "cannot reach the platform at " + server + ": " + rootMessage(e)
          + " (is `kafka-eventing up` running? see --server)";
    }
    if (root instanceof HttpTimeoutException) {
      return "the platform at " + server + " did not answer " + request + " within " + TIMEOUT.toSeconds() + " s";
    }
    if (root instanceof ClosedChannelException) {
      return "the platform at " + server + " closed the connection before answering " + request;
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
    client.close();
  }
}
