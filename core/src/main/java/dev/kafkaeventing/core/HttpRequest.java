package dev.kafkaeventing.core;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * One HTTP/1.1 request for the {@link HttpClient}. The client sets {@code Host} and {@code Content-Length}
 * itself. Treat the headers and the body as immutable once the request is built: the client reads them on
 * an event loop.
 *
 * @param method  request method
 * @param uri     absolute {@code http} or {@code https} URI
 * @param headers request headers; null means none
 * @param body    request body; null means empty
 * @param timeout time allowed for the whole exchange: waiting for a connection, connecting, writing and
 *                reading the complete response
 * @param caCerts PEM certificates trusted for this https destination besides the client's trust
 *                (Knative's {@code CACerts}); null for none
 */
public record HttpRequest(HttpMethod method, URI uri, HttpHeaders headers, byte[] body, Duration timeout,
    String caCerts) {

  public HttpRequest(HttpMethod method, URI uri, HttpHeaders headers, byte[] body, Duration timeout) {
    this(method, uri, headers, body, timeout, null);
  }

  public HttpRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(timeout, "timeout");
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("uri must be an absolute http or https URI, got " + uri);
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("uri has no host: " + uri);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    headers = headers == null ? new DefaultHttpHeaders() : headers;
    body = body == null ? new byte[0] : body;
    caCerts = caCerts == null || caCerts.isBlank() ? null : caCerts;
  }

  /** A copy trusting {@code pem} (PEM certificates) for its https destination too. */
  public HttpRequest withCaCerts(String pem) {
    return new HttpRequest(method, uri, headers, body, timeout, pem);
  }

  /** A POST of {@code body} to {@code uri}. */
  public static HttpRequest post(URI uri, HttpHeaders headers, byte[] body, Duration timeout) {
    return new HttpRequest(HttpMethod.POST, uri, headers, body, timeout);
  }

  /** A GET of {@code uri} without a body. */
  public static HttpRequest get(URI uri, HttpHeaders headers, Duration timeout) {
    return new HttpRequest(HttpMethod.GET, uri, headers, null, timeout);
  }

  @Override
  public String toString() {
    return "HttpRequest[" + method + " " + uri + ", " + body.length + " bytes, timeout " + timeout + "]";
  }
}
