package dev.kafkaeventing.platform;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The security settings of one platform instance, apart from {@link PlatformConfig} so that they
 * travel together. Immutable.
 *
 * @param tlsCertificate PEM certificate chain of the ingress, admin API and activator (null: plain
 *     HTTP); reloaded when it changes on disk
 * @param tlsKey its PEM PKCS#8 private key (null exactly when {@code tlsCertificate} is)
 * @param caBundle PEM certificates trusted, besides the JVM's, for every outbound {@code https}
 *     call (null: none)
 * @param kafkaClientProperties added to every Kafka client the platform opens (never null)
 * @param adminTokens whether the admin API requires a bearer token (tokens in the data dir)
 * @param metricsAuth whether {@code /metrics} requires a token too
 */
public record PlatformSecurity(Path tlsCertificate, Path tlsKey, Path caBundle,
    Map<String, String> kafkaClientProperties, boolean adminTokens, boolean metricsAuth) {

  public PlatformSecurity {
    if ((tlsCertificate == null) != (tlsKey == null)) {
      throw new IllegalArgumentException("--tls-cert and --tls-key must be given together");
    }
    kafkaClientProperties = Map.copyOf(Objects.requireNonNull(kafkaClientProperties, "kafkaClientProperties"));
    if (metricsAuth && !adminTokens) {
      throw new IllegalArgumentException("--metrics-auth needs the admin tokens");
    }
  }

  /** Plain HTTP, no tokens, plain Kafka clients: for embedding and tests. */
  public static PlatformSecurity none() {
    return new PlatformSecurity(null, null, null, Map.of(), false, false);
  }

  /** What {@code up} starts with unless told more: tokens on the admin API. */
  public static PlatformSecurity defaults() {
    return new PlatformSecurity(null, null, null, Map.of(), true, false);
  }

  public boolean tls() {
    return tlsCertificate != null;
  }
}
