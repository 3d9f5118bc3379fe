package dev.kafkaeventing.serving.activator;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Header rules of a reverse proxy (RFC 9110 section 7.6.1): hop-by-hop headers are not forwarded. Stateless.
 * Runs once or twice per proxied request, so the common case (no hop-by-hop header at all) is one
 * pass over the headers without a removal.
 */
final class ProxyHeaders {

  static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
  static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
  static final AsciiString FORWARDED = AsciiString.cached("forwarded");
  private static final AsciiString HTTP = AsciiString.cached("http");

  private static final AsciiString[] HOP_BY_HOP = {HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE,
      HttpHeaderNames.PROXY_AUTHENTICATE, HttpHeaderNames.PROXY_AUTHORIZATION, AsciiString.cached("proxy-connection"),
      HttpHeaderNames.TE, HttpHeaderNames.TRAILER, HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.UPGRADE};

  private ProxyHeaders() {}

  /** Removes hop-by-hop headers and those named in {@code Connection}. */
  static void prune(HttpHeaders headers) {
    if (!hasHopByHop(headers)) {
      return;
    }
    List<String> named = new ArrayList<>();
    for (String value : headers.getAll(HttpHeaderNames.CONNECTION)) {
      for (String token : value.split(",")) {
        named.add(token.trim().toLowerCase(Locale.ROOT));
      }
    }
    named.forEach(headers::remove);
    for (AsciiString name : HOP_BY_HOP) {
      headers.remove(name);
    }
  }

  private static boolean hasHopByHop(HttpHeaders headers) {
    for (Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence(); it.hasNext(); ) {
      CharSequence name = it.next().getKey();
      for (AsciiString hop : HOP_BY_HOP) {
        if (hop.length() == name.length() && hop.contentEqualsIgnoreCase(name)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Adds {@code X-Forwarded-For}, {@code Forwarded} and {@code X-Forwarded-Proto} for a client. */
  static void forwarded(HttpHeaders headers, String clientIp, String host) {
    String xff = headers.get(X_FORWARDED_FOR);
    headers.set(X_FORWARDED_FOR, xff == null || xff.isBlank() ? clientIp : xff + ", " + clientIp);
    String element = "for=" + (clientIp.indexOf(':') >= 0 ? "\"[" + clientIp + "]\"" : clientIp)
        + (host == null ? "" : ";host=\"" + host + "\"") + ";proto=http";
    String forwarded = headers.get(FORWARDED);
    headers.set(FORWARDED, forwarded == null || forwarded.isBlank() ? element : forwarded + ", " + element);
    if (!headers.contains(X_FORWARDED_PROTO)) {
      headers.set(X_FORWARDED_PROTO, HTTP);
    }
  }
}
