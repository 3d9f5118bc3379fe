package dev.kafkaeventing.core.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.kafkaeventing.core.OutboundTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The platform's own OIDC issuer: an RSA key generated into the data dir at first start (file mode
 * 0600, the same key after restarts), the tokens deliveries carry ({@code sub} the sender's
 * identity, {@code aud} the destination's audience, valid {@link #TOKEN_LIFETIME}), and what
 * receivers need to check them: the public keys ({@link #jwks()}, served at {@code
 * /.well-known/jwks.json}) and an OIDC discovery document.
 *
 * <p>{@link #tokenFor} runs on HTTP client event loops: a token is signed once per (subject,
 * audience) and reused until {@link #RENEW_BEFORE} of its life is left, so signing (about a
 * millisecond of CPU, no I/O) happens a few times an hour per pair. Thread-safe.
 */
public final class PlatformIdentity implements OutboundTokens {

  public static final Duration TOKEN_LIFETIME = Duration.ofHours(1);
  public static final Duration RENEW_BEFORE = Duration.ofMinutes(15);
  /** The key's file under the data dir. */
  public static final String KEY_FILE = "oidc/signing-key.jwk";
  private static final int MAX_CACHED = 10_000;

  private record Issued(String token, long renewAtMillis) {}

  private record Pair(String subject, String audience) {}

  private final RSAKey key;
  private final RSASSASigner signer;
  private final String issuer;
  private final Clock clock;
  private final Map<Pair, Issued> issued = new ConcurrentHashMap<>();

  private PlatformIdentity(RSAKey key, String issuer, Clock clock) {
    this.key = key;
    this.issuer = issuer;
    this.clock = clock;
    try {
      this.signer = new RSASSASigner(key);
    } catch (JOSEException e) {
      throw new IllegalStateException("unusable signing key", e);
    }
  }

  /**
   * Loads the key from {@code dataDir}, creating it on first start.
   *
   * @param issuer the {@code iss} of the tokens: the admin API's base URL, where the discovery
   *     document is served
   * @throws UncheckedIOException when the key cannot be read or written (naming the file)
   */
  public static PlatformIdentity load(Path dataDir, String issuer, Clock clock) {
    Path file = dataDir.resolve(KEY_FILE);
    try {
      RSAKey key;
      if (Files.exists(file)) {
        key = RSAKey.parse(Files.readString(file));
      } else {
        key = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
            .keyID(UUID.randomUUID().toString()).generate();
        write(file, key.toJSONString());
      }
      return new PlatformIdentity(key, issuer, clock);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write the signing key " + file, e);
    } catch (ParseException | JOSEException e) {
      throw new IllegalStateException("the signing key " + file + " is not an RSA JWK: " + e.getMessage(), e);
    }
  }

  private static void write(Path file, String json) throws IOException {
    Files.createDirectories(file.getParent());
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(temporary);
    try {
      Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException notPosix) {
      Files.createFile(temporary);
    }
    Files.writeString(temporary, json, StandardCharsets.UTF_8);
    Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The {@code iss} of the tokens. */
  public String issuer() {
    return issuer;
  }

  /** The public keys only. */
  public JWKSet publicKeys() {
    return new JWKSet(key.toPublicJWK());
  }

  /** The JWKS document ({@code /.well-known/jwks.json}): public keys only. */
  public String jwks() {
    return publicKeys().toString(true);
  }

  /** The OIDC discovery document ({@code /.well-known/openid-configuration}). */
  public String discoveryDocument() {
    return "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/.well-known/jwks.json\","
        + "\"response_types_supported\":[\"id_token\"],\"subject_types_supported\":[\"public\"],"
        + "\"id_token_signing_alg_values_supported\":[\"RS256\"]}";
  }

  @Override
  public String tokenFor(String subject, String audience) {
    Pair pair = new Pair(subject, audience);
    long now = clock.millis();
    Issued known = issued.get(pair);
    if (known != null && known.renewAtMillis() > now) {
      return known.token();
    }
    Issued fresh = new Issued(sign(subject, audience, now), now + TOKEN_LIFETIME.minus(RENEW_BEFORE).toMillis());
    if (issued.size() >= MAX_CACHED) {
      issued.clear();
    }
    issued.put(pair, fresh);
    return fresh.token();
  }

  private String sign(String subject, String audience, long now) {
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(issuer)
        .subject(subject)
        .audience(audience)
        .issueTime(new Date(now))
        .notBeforeTime(new Date(now))
        .expirationTime(new Date(now + TOKEN_LIFETIME.toMillis()))
        .jwtID(UUID.randomUUID().toString())
        .build();
    SignedJWT jwt = new SignedJWT(
        new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a token for " + subject, e);
    }
    return jwt.serialize();
  }
}
