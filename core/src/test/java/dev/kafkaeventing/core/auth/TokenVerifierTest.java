package dev.kafkaeventing.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenVerifierTest {

  private static final String ISSUER = "https://issuer.test";

  @TempDir
  Path dir;

  static RSAKey newKey(String kid) throws Exception {
    return new RSAKeyGenerator(2048).keyID(kid).generate();
  }

  static String token(RSAKey key, String issuer, String subject, String audience, long expiresInMillis)
      throws Exception {
    long now = System.currentTimeMillis();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
        new JWTClaimsSet.Builder().issuer(issuer).subject(subject).audience(audience)
            .expirationTime(new Date(now + expiresInMillis)).build());
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  private TokenVerifier verifierOf(RSAKey key) throws Exception {
    Path jwks = dir.resolve("jwks.json");
    Files.writeString(jwks, new JWKSet(key.toPublicJWK()).toString(true));
    return TokenVerifier.builder().trust(ISSUER, jwks.toString()).build();
  }

  @Test
  void shouldReturnSubjectAndAudienceWhenTokenIsSignedByTrustedIssuer() throws Exception {
    RSAKey key = newKey("k1");
    try (TokenVerifier verifier = verifierOf(key)) {
      String token = token(key, ISSUER, "alice", "eventing.knative.dev/broker/ns/b", 60_000);

      Verification outcome = verifier.verify(token).get(5, TimeUnit.SECONDS);

      assertThat(outcome.verified()).isTrue();
      assertThat(outcome.subject()).isEqualTo("alice");
      assertThat(outcome.audiences()).containsExactly("eventing.knative.dev/broker/ns/b");
      assertThat(verifier.cached(token)).isEqualTo(outcome);
    }
  }

  @Test
  void shouldRefuseWhenTokenIsExpiredForeignOrForged() throws Exception {
    RSAKey key = newKey("k1");
    try (TokenVerifier verifier = verifierOf(key)) {
      String expired = token(key, ISSUER, "alice", "a", -120_000);
      String foreign = token(key, "https://other", "alice", "a", 60_000);
      String forged = token(newKey("k1"), ISSUER, "alice", "a", 60_000);

      assertThat(verifier.verify(expired).get(5, TimeUnit.SECONDS).error()).containsIgnoringCase("expired");
      assertThat(verifier.verify(foreign).get(5, TimeUnit.SECONDS).error()).contains("untrusted issuer");
      assertThat(verifier.verify(forged).get(5, TimeUnit.SECONDS).verified()).isFalse();
      assertThat(verifier.verify("not.a.token").get(5, TimeUnit.SECONDS).verified()).isFalse();
    }
  }

  @Test
  void shouldVerifyPlatformTokensWhenKeyIsReloadedFromDataDir() throws Exception {
    PlatformIdentity first = PlatformIdentity.load(dir, "http://127.0.0.1:1", Clock.systemUTC());
    PlatformIdentity again = PlatformIdentity.load(dir, "http://127.0.0.1:1", Clock.systemUTC());
    String token = first.tokenFor("system:serviceaccount:ns:t", "http://subscriber/");

    try (TokenVerifier verifier = TokenVerifier.builder().trust(again.issuer(), again.publicKeys()).build()) {
      Verification outcome = verifier.verify(token).get(5, TimeUnit.SECONDS);

      assertThat(outcome.verified()).as(outcome.error()).isTrue();
      assertThat(outcome.subject()).isEqualTo("system:serviceaccount:ns:t");
      assertThat(again.jwks()).doesNotContain("\"d\"");
      assertThat(Files.getPosixFilePermissions(dir.resolve(PlatformIdentity.KEY_FILE)))
          .extracting(Object::toString).containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
      assertThat(first.tokenFor("system:serviceaccount:ns:t", "http://subscriber/")).isEqualTo(token);
    }
  }
}
