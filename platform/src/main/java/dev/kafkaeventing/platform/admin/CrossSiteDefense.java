package dev.kafkaeventing.platform.admin;

import dev.kafkaeventing.core.LogText;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Keeps web pages out of the admin API. A page the operator opens can send requests to
 * {@code 127.0.0.1}, and a DNS-rebinding page can even read the answers, so the admin API serves
 * only what no browser sends on a foreign page's behalf:
 *
 * <ul>
 *   <li>a {@code Host} header naming the admin listener itself: {@code localhost},
 *       {@code 127.0.0.1}, {@code [::1]}, the bind address or the address the connection came in
 *       on, with the listener's port (403 otherwise);
 *   <li>no {@code Origin} header, or one with such a host (403 otherwise);
 *   <li>for POST, PUT and PATCH a {@code Content-Type} of {@code application/json} or a YAML type,
 *       which an HTML form cannot send and a script can send cross-site only after a CORS
 *       preflight that this API never allows (415 otherwise); a DELETE may have no body.
 * </ul>
 *
 * <p>{@code /healthz} and {@code /readyz} are exempt from the Host check, for probes that name the
 * machine as they like. Stateless and thread-safe.
 */
public final class CrossSiteDefense implements RequestPolicy {

  private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]");
  private static final Set<String> BODY_TYPES =
      Set.of("application/json", "application/yaml", "application/x-yaml", "text/yaml");
  private static final Set<String> PROBES = Set.of("/healthz", "/readyz");

  private final String bindHost;

  /** @param bindHost the address the admin listener binds to, as configured */
  public CrossSiteDefense(String bindHost) {
    this.bindHost = hostForm(bindHost);
  }

  @Override
  public HttpAnswer refusal(HttpRequest request, InetSocketAddress local) {
    String origin = request.headers().get(HttpHeaderNames.ORIGIN);
    if (origin != null && !isOwnOrigin(origin, local)) {
      return forbidden(403, "cross-site request refused: Origin " + LogText.of(origin)
          + " is not this admin API (" + ownAuthority(local) + ")");
    }
    String path = new io.netty.handler.codec.http.QueryStringDecoder(request.uri()).path();
    String host = request.headers().get(HttpHeaderNames.HOST);
    if (!PROBES.contains(path) && (host == null || !isOwnAuthority(host, local))) {
      return forbidden(403, "request refused: Host " + (host == null ? "(none)" : LogText.of(host))
          + " is not this admin API; use " + ownAuthority(local));
    }
    HttpMethod method = request.method();
    if (method.equals(HttpMethod.POST) || method.equals(HttpMethod.PUT) || method.equals(HttpMethod.PATCH)) {
      String type = essence(request.headers().get(HttpHeaderNames.CONTENT_TYPE));
      if (!BODY_TYPES.contains(type)) {
        return forbidden(415, "Content-Type must be application/json (or application/yaml) for "
            + method + ", not " + (type == null ? "none" : LogText.of(type)));
      }
    }
    return null;
  }

  private boolean isOwnOrigin(String origin, InetSocketAddress local) {
    try {
      URI uri = new URI(origin.strip());
      return "http".equalsIgnoreCase(uri.getScheme()) && uri.getRawAuthority() != null
          && isOwnAuthority(uri.getRawAuthority(), local);
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /** Whether {@code host:port} names this listener. */
  private boolean isOwnAuthority(String authority, InetSocketAddress local) {
    String value = authority.strip().toLowerCase(Locale.ROOT);
    int colon = value.lastIndexOf(':');
    if (colon < 0 || value.endsWith("]")) {
      return false;
    }
    if (!value.substring(colon + 1).equals(Integer.toString(local.getPort()))) {
      return false;
    }
    String host = value.substring(0, colon);
    return LOOPBACK_NAMES.contains(host) || host.equals(bindHost) || host.equals(hostForm(local.getAddress()));
  }

  private static String ownAuthority(InetSocketAddress local) {
    return "127.0.0.1:" + local.getPort() + " or localhost:" + local.getPort();
  }

  private static String hostForm(InetAddress address) {
    return address == null ? "" : hostForm(address.getHostAddress());
  }

  /** An address as it appears in a Host header: IPv6 in brackets, lower case. */
  private static String hostForm(String address) {
    String host = address.toLowerCase(Locale.ROOT);
    int zone = host.indexOf('%');
    if (zone >= 0) {
      host = host.substring(0, zone);
    }
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  private static String essence(String contentType) {
    if (contentType == null) {
      return null;
    }
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
  }

  /** The admin API's error shape, {@code {"errors":[reason]}}, which the CLI prints. */
  private static HttpAnswer forbidden(int status, String reason) {
    String json = "{\"errors\":[\"" + reason.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]}";
    return HttpAnswer.json(status, json.getBytes(StandardCharsets.UTF_8));
  }
}
