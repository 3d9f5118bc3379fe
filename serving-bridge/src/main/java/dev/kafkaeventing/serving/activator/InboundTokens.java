package dev.kafkaeventing.serving.activator;

import dev.kafkaeventing.core.auth.TokenVerifier;
import dev.kafkaeventing.core.auth.Verification;
import dev.kafkaeventing.crds.OidcIdentities;
import dev.kafkaeventing.crds.ResourceKind;
import java.net.URI;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * The activator's inbound check while authentication is on: a bearer token the platform's one
 * {@link TokenVerifier} accepts (the publishers' issuers and the platform itself, whose deliveries
 * carry its own token), with an audience of the Route the request reaches. A Route's audiences:
 * {@code serving.knative.dev/route/<ns>/<name>} (published as its and its Service's {@code
 * status.address.audience}), {@code serving.knative.dev/service/<ns>/<name>}, and — as the platform
 * names a destination without an audience by its URL — its address URL ({@code
 * <activator>/<ns>/<name>}, any path below it) or, for a request routed by Host, a URL on that host.
 *
 * <p>{@link #refusal} is called on an activator event loop: a token seen before is decided from the
 * verifier's cache there, a new one on the verifier's thread. Thread-safe.
 */
public final class InboundTokens {

  /** No check: every request passes. */
  public static final InboundTokens OFF = new InboundTokens(null, () -> false);

  private static final CompletableFuture<String> ADMITTED = CompletableFuture.completedFuture(null);

  private final TokenVerifier verifier;
  private final BooleanSupplier enabled;

  /**
   * @param verifier checks tokens; null when no issuer is trusted (every token is then refused while on)
   * @param enabled whether authentication is on now (the flag or {@code config-features})
   */
  public InboundTokens(TokenVerifier verifier, BooleanSupplier enabled) {
    this.verifier = verifier;
    this.enabled = enabled;
  }

  /** The audience a token for a Route (and its Knative Service) carries. */
  public static String audienceOf(String namespace, String route) {
    return OidcIdentities.audience(ResourceKind.ROUTE, namespace, route);
  }

  /**
   * Why the request may not reach its Route ({@code 401}), or null when it may. Completes at once
   * when decided from the header or the cache, else on the verifier's thread; never exceptionally.
   */
  CompletableFuture<String> refusal(String authorization, ActivatorRoutes.Match match, String hostHeader) {
    if (!enabled.getAsBoolean()) {
      return ADMITTED;
    }
    if (authorization == null || authorization.length() < 7
        || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return CompletableFuture.completedFuture("missing bearer token");
    }
    if (verifier == null) {
      return CompletableFuture.completedFuture("no token issuer is trusted");
    }
    String token = authorization.substring(7).trim();
    Verification known = verifier.cached(token);
    if (known != null) {
      return CompletableFuture.completedFuture(decide(known, match, hostHeader));
    }
    return verifier.verify(token).thenApply(v -> decide(v, match, hostHeader));
  }

  private static String decide(Verification token, ActivatorRoutes.Match match, String hostHeader) {
    if (!token.verified()) {
      return "invalid token: " + token.error();
    }
    for (String audience : token.audiences()) {
      if (accepts(audience, match, hostHeader)) {
        return null;
      }
    }
    return "token audience " + token.audiences() + " is not " + audienceOf(namespace(match), name(match))
        + " nor this Route's address";
  }

  /** Whether a token's {@code audience} is one of the matched Route's. */
  static boolean accepts(String audience, ActivatorRoutes.Match match, String hostHeader) {
    String namespace = namespace(match);
    String name = name(match);
    if (audience.equals(audienceOf(namespace, name))
        || audience.equals(OidcIdentities.audience(ResourceKind.SERVICE, namespace, name))) {
      return true;
    }
    if (hostHeader == null || !(audience.startsWith("http://") || audience.startsWith("https://"))) {
      return false;
    }
    URI url;
    try {
      url = URI.create(audience);
    } catch (IllegalArgumentException notUrl) {
      return false;
    }
    if (url.getHost() == null) {
      return false;
    }
    String host = hostHeader.toLowerCase(Locale.ROOT);
    if (match.byHost()) {
      int colon = host.lastIndexOf(':');
      String bare = colon > 0 && host.indexOf(']') < colon ? host.substring(0, colon) : host;
      return url.getHost().equalsIgnoreCase(bare);
    }
    String path = url.getRawPath() == null ? "" : url.getRawPath();
    String prefix = "/" + match.routeKey();
    return url.getRawAuthority().equalsIgnoreCase(host) && (path.equals(prefix) || path.startsWith(prefix + "/"));
  }

  private static String namespace(ActivatorRoutes.Match match) {
    return match.routeKey().substring(0, match.routeKey().indexOf('/'));
  }

  private static String name(ActivatorRoutes.Match match) {
    return match.routeKey().substring(match.routeKey().indexOf('/') + 1);
  }
}
