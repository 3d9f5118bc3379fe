package dev.kafkaeventing.bench;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;

/** Publisher tokens for the benchmarks: signed with a platform's own OIDC key, which it always trusts. */
final class BrokerToken {

  private BrokerToken() {}

  /**
   * A JWT for the Broker's audience, subject {@code system:serviceaccount:<namespace>:bench} (allowed
   * by the default {@code allow-same-namespace} mode), valid for an hour.
   *
   * @param dataDir the platform's data dir, holding {@code oidc/signing-key.jwk}
   * @param issuer the platform's issuer: its admin API's base URL
   */
  static String signedByPlatform(Path dataDir, String issuer, String namespace, String broker) throws Exception {
    RSAKey key = RSAKey.parse(Files.readString(dataDir.resolve("oidc/signing-key.jwk")));
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
        new JWTClaimsSet.Builder().issuer(issuer).subject("system:serviceaccount:" + namespace + ":bench")
            .audience("eventing.knative.dev/broker/" + namespace + "/" + broker)
            .expirationTime(new Date(System.currentTimeMillis() + 3_600_000)).build());
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }
}
