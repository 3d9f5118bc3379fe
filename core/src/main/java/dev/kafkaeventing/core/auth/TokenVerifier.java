package dev.kafkaeventing.core.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Checks bearer tokens: a JWS signed by a key of a trusted issuer (its JWKS from a file, a URL or
 * memory), {@code iss} one of them, {@code exp} in the future and {@code nbf} in the past (with
 * {@link #CLOCK_SKEW} of slack), {@code sub} present. The audience is the caller's to compare.
 *
 * <p>Outcomes are cached by the token's text: a verified token for its remaining lifetime, a
 * refused one for {@link #REFUSAL_TTL} (a key rotation is seen soon after); at most {@link
 * #MAX_CACHED} entries. {@link #cached} is a map look-up, fit for an event loop; {@link #verify}
 * runs signature checks and JWKS fetches on the verifier's own thread (bounded queue: when it is
 * full, the token is refused as "busy" rather than blocking). JWKS from a URL are cached and
 * refreshed by nimbus (5 min, refreshed ahead of expiry, on an unknown {@code kid} at most every
 * 30 s). Thread-safe; {@link #close} stops the thread.
 */
public final class TokenVerifier implements AutoCloseable {

  /** Slack allowed on {@code exp} and {@code nbf}. */
  public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
  static final Duration REFUSAL_TTL = Duration.ofSeconds(5);
  static final int MAX_CACHED = 10_000;
  private static final int MAX_QUEUED = 10_000;
  private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
      JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
      JWSAlgorithm.ES384, JWSAlgorithm.ES512, JWSAlgorithm.EdDSA);

  private final Map<String, DefaultJWTProcessor<SecurityContext>> byIssuer;
  private final Map<String, Verification> cache = new ConcurrentHashMap<>();
  private final ExecutorService executor;
  private final Clock clock;

  private TokenVerifier(Map<String, DefaultJWTProcessor<SecurityContext>> byIssuer, Clock clock) {
    this.byIssuer = new ConcurrentHashMap<>(byIssuer);
    this.clock = clock;
    this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(MAX_QUEUED),
        new DefaultThreadFactory("oidc-verify", true));
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Trusts one more issuer from now on, with keys held in memory: the platform's own, known once
   * its admin address is.
   */
  public void trust(String issuer, JWKSet keys) {
    byIssuer.put(issuer, processor(issuer, new ImmutableJWKSet<>(keys)));
    cache.values().removeIf(v -> !v.verified());
  }

  private static DefaultJWTProcessor<SecurityContext> processor(String issuer, JWKSource<SecurityContext> source) {
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, source));
    DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
        new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "exp", "aud"));
    claims.setMaxClockSkew((int) CLOCK_SKEW.toSeconds());
    processor.setJWTClaimsSetVerifier(claims);
    return processor;
  }

  /** The trusted issuers. */
  public Set<String> issuers() {
    return byIssuer.keySet();
  }

  /** The cached outcome for {@code token}, or null when it must be {@link #verify verified}. Never blocks. */
  public Verification cached(String token) {
    Verification known = cache.get(token);
    if (known == null) {
      return null;
    }
    if (known.validUntilMillis() <= clock.millis()) {
      cache.remove(token, known);
      return null;
    }
    return known;
  }

  /**
   * Verifies {@code token} on the verifier's thread; the future completes there (never
   * exceptionally). Cached outcomes complete at once.
   */
  public CompletableFuture<Verification> verify(String token) {
    Verification known = cached(token);
    if (known != null) {
      return CompletableFuture.completedFuture(known);
    }
    CompletableFuture<Verification> result = new CompletableFuture<>();
    try {
      executor.execute(() -> result.complete(remember(token, check(token))));
    } catch (RejectedExecutionException busy) {
      result.complete(Verification.refused("token verification is overloaded", 0));
    }
    return result;
  }

  /** Verifies on the calling thread (tests, and callers off any event loop). */
  Verification check(String token) {
    long now = clock.millis();
    try {
      SignedJWT jwt = (SignedJWT) JWTParser.parse(token);
      String issuer = jwt.getJWTClaimsSet().getIssuer();
      DefaultJWTProcessor<SecurityContext> processor = issuer == null ? null : byIssuer.get(issuer);
      if (processor == null) {
        return Verification.refused("untrusted issuer " + issuer, now + REFUSAL_TTL.toMillis());
      }
      JWTClaimsSet claims = processor.process(jwt, null);
      long expires = claims.getExpirationTime().getTime() + CLOCK_SKEW.toMillis();
      return Verification.verified(claims.getSubject(), claims.getAudience(), expires);
    } catch (ClassCastException | ParseException e) {
      return Verification.refused("not a signed JWT", now + REFUSAL_TTL.toMillis());
    } catch (BadJOSEException e) {
      return Verification.refused(e.getMessage(), now + REFUSAL_TTL.toMillis());
    } catch (Exception e) {
      // A JWKS that cannot be fetched: refuse now, try again soon.
      return Verification.refused("cannot check the signature: " + e.getMessage(), now + 1_000);
    }
  }

  private Verification remember(String token, Verification outcome) {
    if (cache.size() >= MAX_CACHED) {
      long now = clock.millis();
      cache.values().removeIf(v -> v.validUntilMillis() <= now);
      if (cache.size() >= MAX_CACHED) {
        cache.clear();
      }
    }
    cache.put(token, outcome);
    return outcome;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }

  /** Collects the trusted issuers. Not thread-safe. */
  public static final class Builder {
    private final Map<String, JWKSource<SecurityContext>> sources = new LinkedHashMap<>();
    private Clock clock = Clock.systemUTC();

    /**
     * Trusts {@code issuer}, its keys from {@code jwks}: an http(s) URL, or a file path.
     *
     * @throws IllegalArgumentException naming the value when it is neither a URL nor a JWKS file
     */
    public Builder trust(String issuer, String jwks) {
      if (jwks.startsWith("http://") || jwks.startsWith("https://")) {
        try {
          return trust(issuer, JWKSourceBuilder.<SecurityContext>create(URI.create(jwks).toURL())
              .retrying(true).build());
        } catch (MalformedURLException | IllegalArgumentException e) {
          throw new IllegalArgumentException("--oidc-jwks " + jwks + ": not a valid URL", e);
        }
      }
      return trust(issuer, new FileJwkSource(Path.of(jwks)));
    }

    /** Trusts {@code issuer} with keys held in memory (the platform's own). */
    public Builder trust(String issuer, JWKSet keys) {
      return trust(issuer, new ImmutableJWKSet<>(keys));
    }

    private Builder trust(String issuer, JWKSource<SecurityContext> source) {
      if (issuer == null || issuer.isBlank()) {
        throw new IllegalArgumentException("--oidc-issuer must not be blank");
      }
      sources.put(issuer, source);
      return this;
    }

    Builder clock(Clock newClock) {
      this.clock = newClock;
      return this;
    }

    public TokenVerifier build() {
      Map<String, DefaultJWTProcessor<SecurityContext>> processors = new HashMap<>();
      sources.forEach((issuer, source) -> processors.put(issuer, processor(issuer, source)));
      return new TokenVerifier(processors, clock);
    }
  }
}
