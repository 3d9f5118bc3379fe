package dev.kafkaeventing.sources.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kafkaeventing.crds.SecretData;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Kafka client security settings from Knative's two shapes: a KafkaSource's {@code spec.net}
 * ({@code sasl.enable}, {@code sasl.user/password/type} and {@code tls.enable}, {@code
 * tls.cert/key/caCert}, each value a {@code secretKeyRef}) and a KafkaSink's {@code
 * spec.auth.secret.ref.name} (one Secret with the keys {@code protocol}, {@code sasl.mechanism},
 * {@code user}, {@code password}, {@code ca.crt}, {@code user.crt}, {@code user.key}). Both become
 * {@code security.protocol}, {@code sasl.mechanism} with its JAAS line, and PEM trust and key
 * stores given inline ({@code ssl.truststore.type=PEM}, ...). Stateless.
 */
public final class KafkaNetSettings {

  /** Reads a Secret of the resource's namespace by name; empty when there is none. */
  @FunctionalInterface
  public interface Secrets {
    Optional<SecretData> get(String name);
  }

  /** The settings cannot be made: a Secret or key is missing, or a value is not allowed. */
  public static final class NetException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String reason;

    NetException(String reason, String message) {
      super(message);
      this.reason = reason;
    }

    /** The condition reason: {@code SecretNotFound}, {@code SecretKeyNotFound} or {@code InvalidNet}. */
    public String reason() {
      return reason;
    }
  }

  private static final Set<String> MECHANISMS = Set.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");
  private static final Set<String> PROTOCOLS = Set.of("PLAINTEXT", "SASL_PLAINTEXT", "SSL", "SASL_SSL");

  private KafkaNetSettings() {}

  /**
   * The settings of a KafkaSource's {@code spec.net}; empty (plain text) when it is null or enables
   * neither SASL nor TLS.
   */
  public static Map<String, String> fromNet(JsonNode net, Secrets secrets) throws NetException {
    Map<String, String> props = new TreeMap<>();
    if (net == null) {
      return props;
    }
    JsonNode sasl = net.path("sasl");
    JsonNode tls = net.path("tls");
    boolean saslOn = sasl.path("enable").asBoolean(false);
    boolean tlsOn = tls.path("enable").asBoolean(false);
    if (!saslOn && !tlsOn) {
      return props;
    }
    props.put("security.protocol", saslOn ? (tlsOn ? "SASL_SSL" : "SASL_PLAINTEXT") : "SSL");
    if (saslOn) {
      String mechanism = optional(sasl.path("type"), "spec.net.sasl.type", secrets).orElse("PLAIN");
      sasl(props, mechanism, "spec.net.sasl.type",
          required(sasl.path("user"), "spec.net.sasl.user", secrets),
          required(sasl.path("password"), "spec.net.sasl.password", secrets));
    }
    if (tlsOn) {
      tls(props, optional(tls.path("caCert"), "spec.net.tls.caCert", secrets),
          optional(tls.path("cert"), "spec.net.tls.cert", secrets),
          optional(tls.path("key"), "spec.net.tls.key", secrets), "spec.net.tls.cert", "spec.net.tls.key");
    }
    return props;
  }

  /**
   * The settings of a KafkaSink's {@code spec.auth}; empty when it is null.
   */
  public static Map<String, String> fromAuth(JsonNode auth, Secrets secrets) throws NetException {
    Map<String, String> props = new TreeMap<>();
    if (auth == null || auth.path("secret").path("ref").path("name").asText("").isEmpty()) {
      return props;
    }
    String name = auth.path("secret").path("ref").path("name").asText();
    String field = "spec.auth.secret.ref.name";
    SecretData secret = secrets.get(name).orElseThrow(() -> new NetException("SecretNotFound",
        field + ": Secret '" + name + "' not found"));
    String protocol = secret.get("protocol").orElse("PLAINTEXT").toUpperCase(Locale.ROOT);
    if (!PROTOCOLS.contains(protocol)) {
      throw new NetException("InvalidNet", field + ": Secret '" + name + "' key 'protocol' is '" + protocol
          + "'; one of PLAINTEXT, SASL_PLAINTEXT, SSL, SASL_SSL");
    }
    if (protocol.equals("PLAINTEXT")) {
      return props;
    }
    props.put("security.protocol", protocol);
    if (protocol.startsWith("SASL_")) {
      sasl(props, secret.get("sasl.mechanism").orElse("PLAIN"), field + " key 'sasl.mechanism'",
          key(secret, name, "user", field), key(secret, name, "password", field));
    }
    if (protocol.endsWith("SSL")) {
      tls(props, secret.get("ca.crt"), secret.get("user.crt"), secret.get("user.key"),
          field + " key 'user.crt'", field + " key 'user.key'");
    }
    return props;
  }

  private static void sasl(Map<String, String> props, String mechanism, String field, String user, String password)
      throws NetException {
    String upper = mechanism.trim().toUpperCase(Locale.ROOT);
    if (!MECHANISMS.contains(upper)) {
      throw new NetException("InvalidNet", field + ": SASL mechanism '" + mechanism
          + "' is not one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512");
    }
    String module = upper.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
        : "org.apache.kafka.common.security.scram.ScramLoginModule";
    props.put("sasl.mechanism", upper);
    props.put("sasl.jaas.config", module + " required username=\"" + jaasQuoted(user) + "\" password=\""
        + jaasQuoted(password) + "\";");
  }

  private static void tls(Map<String, String> props, Optional<String> caCert, Optional<String> cert,
      Optional<String> key, String certField, String keyField) throws NetException {
    // Without a CA certificate the JVM's default trust store applies, as in Knative.
    if (caCert.isPresent()) {
      props.put("ssl.truststore.type", "PEM");
      props.put("ssl.truststore.certificates", caCert.get());
    }
    if (cert.isPresent() != key.isPresent()) {
      throw new NetException("InvalidNet", (cert.isPresent() ? keyField : certField)
          + " is required with " + (cert.isPresent() ? certField : keyField) + " (a client certificate needs its key)");
    }
    if (cert.isPresent()) {
      props.put("ssl.keystore.type", "PEM");
      props.put("ssl.keystore.certificate.chain", cert.get());
      props.put("ssl.keystore.key", key.get());
    }
  }

  /** JAAS values are double-quoted: a quote or backslash in a password must not end the value. */
  private static String jaasQuoted(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private static String key(SecretData secret, String name, String key, String field) throws NetException {
    return secret.get(key).orElseThrow(() -> new NetException("SecretKeyNotFound",
        field + ": Secret '" + name + "' has no key '" + key + "'"));
  }

  private static String required(JsonNode value, String field, Secrets secrets) throws NetException {
    return optional(value, field, secrets).orElseThrow(() -> new NetException("InvalidNet",
        field + ".secretKeyRef is required"));
  }

  /** A {@code secretKeyRef}'s value; empty when the field has none. */
  private static Optional<String> optional(JsonNode value, String field, Secrets secrets) throws NetException {
    JsonNode ref = value.path("secretKeyRef");
    if (ref.isMissingNode() || ref.isNull()) {
      return Optional.empty();
    }
    String name = ref.path("name").asText("");
    String key = ref.path("key").asText("");
    if (name.isEmpty() || key.isEmpty()) {
      throw new NetException("InvalidNet", field + ".secretKeyRef needs a name and a key");
    }
    SecretData secret = secrets.get(name).orElseThrow(() -> new NetException("SecretNotFound",
        field + ".secretKeyRef: Secret '" + name + "' not found"));
    return Optional.of(key(secret, name, key, field + ".secretKeyRef"));
  }
}
