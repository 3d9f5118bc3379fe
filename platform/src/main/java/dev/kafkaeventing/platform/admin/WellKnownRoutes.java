package dev.kafkaeventing.platform.admin;

import dev.kafkaeventing.core.auth.PlatformIdentity;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * The platform's OIDC issuer documents, open to anyone (receivers of its deliveries check tokens
 * with them), in front of the admin routes:
 *
 * <pre>
 * GET /.well-known/openid-configuration   the discovery document (issuer, jwks_uri)
 * GET /.well-known/jwks.json              the public keys of the tokens deliveries carry
 * </pre>
 *
 * 404 while authentication is off. Everything else goes to the wrapped routes. Thread-safe.
 */
public final class WellKnownRoutes implements HttpRoutes {

  public static final String DISCOVERY_PATH = "/.well-known/openid-configuration";
  public static final String JWKS_PATH = "/.well-known/jwks.json";

  private final Supplier<PlatformIdentity> identity;
  private final HttpRoutes next;

  /** @param identity the platform's identity, or null while authentication is off */
  public WellKnownRoutes(Supplier<PlatformIdentity> identity, HttpRoutes next) {
    this.identity = identity;
    this.next = next;
  }

  @Override
  public HttpAnswer handle(HttpCall call) throws Exception {
    boolean discovery = call.path().equals(DISCOVERY_PATH);
    if (!discovery && !call.path().equals(JWKS_PATH)) {
      return next.handle(call);
    }
    if (!call.method().equals("GET")) {
      return HttpAnswer.text(405, "method not allowed; use GET");
    }
    PlatformIdentity current = identity.get();
    if (current == null) {
      return HttpAnswer.text(404, "authentication is off: the platform issues no tokens");
    }
    String body = discovery ? current.discoveryDocument() : current.jwks();
    return HttpAnswer.json(200, body.getBytes(StandardCharsets.UTF_8));
  }
}
