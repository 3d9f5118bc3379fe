package dev.kafkaeventing.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The platform's admin API as the benchmark and the child-process tests use it: apply and delete
 * YAML, read resources, their Ready condition and a route's counters. Blocking; thread-safe.
 */
public final class AdminClient {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient PLAIN = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String baseUrl;
  private final Supplier<String> token;
  private final HttpClient http;

  public AdminClient(String baseUrl) {
    this(baseUrl, () -> null);
  }

  /** @param token the admin API's bearer token, asked for at each call (null: send none) */
  public AdminClient(String baseUrl, Supplier<String> token) {
    this(baseUrl, token, null);
  }

  /** @param certificate a PEM certificate the admin API's https is trusted by (null: plain HTTP or the JVM's trust) */
  public AdminClient(String baseUrl, Supplier<String> token, Path certificate) {
    this.baseUrl = baseUrl;
    this.token = token;
    this.http = certificate == null ? PLAIN
        : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(trusting(certificate)).build();
  }

  private static SSLContext trusting(Path pem) {
    try (InputStream in = Files.newInputStream(pem)) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot trust " + pem + ": " + e.getMessage(), e);
    }
  }

  /** Whether {@code GET /readyz} answers 200 now. */
  public boolean isReady() {
    try {
      return send(HttpRequest.newBuilder(URI.create(baseUrl + "/readyz")).timeout(Duration.ofSeconds(2)).GET()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Whether this instance writes statuses now ({@code GET /api/v1/leader}); false when it does not
   * answer.
   */
  public boolean isLeading() {
    try {
      HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/leader"))
          .timeout(Duration.ofSeconds(2)).GET());
      return response.statusCode() == 200 && JSON.readTree(response.body()).path("leading").asBoolean();
    } catch (IOException e) {
      return false;
    }
  }

  /** Applies YAML (all documents or none). */
  public void apply(String yaml) {
    post("/api/v1/apply", yaml);
  }

  /** Deletes what the YAML documents name. */
  public void delete(String yaml) {
    post("/api/v1/delete", yaml);
  }

  private void post(String path, String yaml) {
    ObjectNode body = JSON.createObjectNode();
    body.putArray("documents").addObject().put("source", "harness.yaml").put("content", yaml);
    try {
      HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(baseUrl + path))
          .timeout(Duration.ofSeconds(120))
          .header("content-type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
      if (response.statusCode() != 200) {
        throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every resource of {@code kind} in {@code namespace}, with status, read page by page. */
  public List<JsonNode> list(String kind, String namespace) {
    String query = "?kind=" + URLEncoder.encode(kind, StandardCharsets.UTF_8)
        + "&namespace=" + URLEncoder.encode(namespace, StandardCharsets.UTF_8);
    List<JsonNode> items = new ArrayList<>();
    String next = "";
    try {
      do {
        String page = next.isEmpty() ? "" : "&continue=" + URLEncoder.encode(next, StandardCharsets.UTF_8);
        HttpResponse<String> response = send(HttpRequest.newBuilder(
            URI.create(baseUrl + "/api/v1/resources" + query + page)).timeout(Duration.ofSeconds(30)).GET());
        if (response.statusCode() != 200) {
          throw new IllegalStateException("listing " + kind + " answered " + response.statusCode() + ": " + response.body());
        }
        JsonNode body = JSON.readTree(response.body());
        body.path("items").forEach(items::add);
        next = body.path("metadata").path("continue").asText("");
      } while (!next.isEmpty());
      return items;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** How many resources of {@code kind} in {@code namespace} have Ready True. */
  public int countReady(String kind, String namespace) {
    return (int) list(kind, namespace).stream().filter(r -> "True".equals(readyCondition(r).path("status").asText())).count();
  }

  /** Whether the resource exists and its Ready condition is True. */
  public boolean isResourceReady(String kind, String namespace, String name) {
    JsonNode resource = get("/api/v1/resources/" + kind + "/" + namespace + "/" + name);
    return resource != null && "True".equals(readyCondition(resource).path("status").asText());
  }

  /** A route's delivery counters (a Trigger's or a Subscription's), as {@code describe} shows them. */
  public JsonNode counters(String kind, String namespace, String name) {
    JsonNode described = get("/api/v1/describe/" + kind + "/" + namespace + "/" + name);
    return described == null ? JSON.missingNode() : described.path("details").path("counters");
  }

  /** The JSON answer of a GET; null on 404. */
  private JsonNode get(String path) {
    try {
      HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(baseUrl + path))
          .timeout(Duration.ofSeconds(30)).GET());
      if (response.statusCode() == 404) {
        return null;
      }
      if (response.statusCode() != 200) {
        throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
      }
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The Ready condition of a resource (a missing node when it has none yet). */
  public static JsonNode readyCondition(JsonNode resource) {
    for (JsonNode condition : resource.path("status").path("conditions")) {
      if (condition.path("type").asText().equals("Ready")) {
        return condition;
      }
    }
    return resource.path("status").path("no-ready-condition");
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
    String bearer = token.get();
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
