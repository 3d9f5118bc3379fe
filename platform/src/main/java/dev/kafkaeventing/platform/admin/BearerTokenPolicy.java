package dev.kafkaeventing.platform.admin;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * Requires an {@code Authorization: Bearer} token of the {@link AdminTokens} on a control listener:
 * no or an unknown token → 401 with {@code WWW-Authenticate: Bearer}; a read token on a method
 * other than GET or HEAD → 403. The probes ({@code /readyz}, {@code /healthz}), {@code /metrics}
 * (unless {@code metricsAuth}) and the web console's static assets under {@code /ui} stay open.
 * Stateless and thread-safe.
 */
public final class BearerTokenPolicy implements RequestPolicy {

  private static final Set<String> OPEN = Set.of("/readyz", "/healthz");
  private static final String REALM = "Bearer realm=\"kafka-eventing\"";

  private final AdminTokens tokens;
  private final boolean metricsAuth;

  public BearerTokenPolicy(AdminTokens tokens, boolean metricsAuth) {
    this.tokens = tokens;
    this.metricsAuth = metricsAuth;
  }

  @Override
  public HttpAnswer refusal(HttpRequest request, InetSocketAddress local) {
    String path = new QueryStringDecoder(request.uri()).path();
    if (OPEN.contains(path) || (!metricsAuth && path.equals("/metrics"))
        || path.equals("/ui") || path.startsWith("/ui/")) {
      return null;
    }
    AdminTokens.Scope scope = tokens.scopeOf(bearer(request.headers().get(HttpHeaderNames.AUTHORIZATION)));
    if (scope == AdminTokens.Scope.NONE) {
      return refuse(401, REALM, "a bearer token is required (the admin-token or read-token file in the"
          + " platform's data directory, or KAFKA_EVENTING_TOKEN for the CLI)");
    }
    boolean reads = request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD);
    if (scope == AdminTokens.Scope.READ && !reads) {
      return refuse(403, REALM + ", error=\"insufficient_scope\", scope=\"admin\"",
          request.method() + " " + path + " needs the admin token; a read token allows GET and HEAD only");
    }
    return null;
  }

  private static String bearer(String authorization) {
    if (authorization == null || authorization.length() < 7
        || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    return authorization.substring(7).strip();
  }

  private static HttpAnswer refuse(int status, String challenge, String reason) {
    String json = "{\"errors\":[\"" + reason.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]}";
    return HttpAnswer.json(status, json.getBytes(StandardCharsets.UTF_8))
        .withHeaders(Map.of("WWW-Authenticate", challenge));
  }
}
