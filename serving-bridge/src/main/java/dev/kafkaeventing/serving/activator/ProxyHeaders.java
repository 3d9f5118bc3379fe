package dev.kafkaeventing.serving.activator;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Header rules of a reverse proxy (RFC 9110 section 7.6.1): hop-by-hop headers are not forwarded. Stateless. */
final class ProxyHeaders {

  private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
      "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade");

  private ProxyHeaders() {}

  /** Removes hop-by-hop headers and those named in {@code Connection}. */
  static void prune(HttpHeaders headers) {
    List<String> named = new ArrayList<>();
    for (String value : headers.getAll(HttpHeaderNames.CONNECTION)) {
      for (String token : value.split(",")) {
        named.add(token.trim().toLowerCase(Locale.ROOT));
      }
    }
    named.forEach(headers::remove);
    HOP_BY_HOP.forEach(headers::remove);
  }

  /** Adds {@code X-Forwarded-For}, {@code Forwarded} and {@code X-Forwarded-Proto} for a client. */
  static void forwarded(HttpHeaders headers, String clientIp, String host) {
    String xff = headers.get("X-Forwarded-For");
    headers.set("X-Forwarded-For", xff == null || xff.isBlank() ? clientIp : xff + ", " + clientIp);
    String element = "for=" + (clientIp.contains(":") ? "\"[" + clientIp + "]\"" : clientIp)
        + (host == null ? "" : ";host=\"" + host + "\"") + ";proto=http";
    String forwarded = headers.get("Forwarded");
    headers.set("Forwarded", forwarded == null || forwarded.isBlank() ? element : forwarded + ", " + element);
    if (!headers.contains("X-Forwarded-Proto")) {
      headers.set("X-Forwarded-Proto", "http");
    }
  }
}
