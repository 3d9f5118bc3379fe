package dev.kafkaeventing.platform.cli;

import dev.kafkaeventing.platform.PlatformSecurity;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import picocli.CommandLine.Option;

/** {@code up}'s security options: TLS of the listeners, outbound trust, Kafka client security, admin tokens. */
public final class SecurityOptions {

  @Option(names = "--tls-cert", paramLabel = "FILE",
      description = "PEM certificate chain: the ingress, admin API and activator serve HTTPS instead of HTTP on"
          + " their ports. Reloaded when the file changes (new connections get the new certificate).")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "FILE",
      description = "PEM private key (unencrypted PKCS#8, BEGIN PRIVATE KEY) of --tls-cert; reloaded likewise.")
  Path tlsKey;

  @Option(names = "--ca-bundle", paramLabel = "FILE",
      description = "PEM certificates trusted, besides the JVM's trust store, for every outbound https call"
          + " (subscribers, replies, dead letter sinks); a destination's CACerts adds its own.")
  Path caBundle;

  @Option(names = "--kafka-config", paramLabel = "FILE",
      description = "Kafka client properties (security.protocol, sasl.*, ssl.*) added to every Kafka client the"
          + " platform opens: producers, consumers, admin, Kafka Streams.")
  Path kafkaConfig;

  @Option(names = "--metrics-auth",
      description = "/metrics needs a token too (read or admin); otherwise it stays open.")
  boolean metricsAuth;

  /** @throws IllegalArgumentException naming the flag and file that cannot be used */
  PlatformSecurity security() {
    if (caBundle != null && !Files.isReadable(caBundle)) {
      throw new IllegalArgumentException("--ca-bundle " + caBundle + " does not exist or cannot be read");
    }
    return new PlatformSecurity(tlsCert, tlsKey, caBundle, kafkaProperties(kafkaConfig), true, metricsAuth);
  }

  /** The file's properties, in Java properties format; the empty map without a file. */
  static Map<String, String> kafkaProperties(Path file) {
    if (file == null) {
      return Map.of();
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("--kafka-config " + file + " cannot be read: " + e.getMessage(), e);
    }
    Map<String, String> values = new TreeMap<>();
    properties.forEach((key, value) -> values.put(key.toString().strip(), value.toString().strip()));
    if (values.containsKey("bootstrap.servers")) {
      throw new IllegalArgumentException("--kafka-config " + file
          + ": bootstrap.servers is not allowed here; use --bootstrap-servers");
    }
    return values;
  }
}
