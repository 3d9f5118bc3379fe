package dev.kafkaeventing.platform.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import picocli.CommandLine.Option;

/**
 * The options shared by the commands that talk to a running platform: where its admin API is, the
 * bearer token to send, and the CA to trust when it serves HTTPS.
 */
public final class ServerOption {

  @Option(
      names = "--server",
      defaultValue = "${env:KAFKA_EVENTING_SERVER:-http://127.0.0.1:8081}",
      description = "Admin API of the platform; the environment variable KAFKA_EVENTING_SERVER sets it too"
          + " (default: ${DEFAULT-VALUE}).")
  URI server;

  @Option(names = "--token", defaultValue = "${env:KAFKA_EVENTING_TOKEN}", paramLabel = "TOKEN",
      description = "Bearer token of the admin API (default: $KAFKA_EVENTING_TOKEN, else the admin-token file"
          + " in --data-dir).")
  String token;

  @Option(names = "--data-dir", defaultValue = "${env:KAFKA_EVENTING_DATA_DIR:-.kafka-eventing}", paramLabel = "DIR",
      description = "Data directory of the platform whose admin-token file is sent when no --token is given"
          + " (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--cacert", defaultValue = "${env:KAFKA_EVENTING_CACERT}", paramLabel = "FILE",
      description = "PEM certificates to trust for an https --server (default: $KAFKA_EVENTING_CACERT, else the"
          + " JVM's trust store).")
  Path caCert;

  AdminApi connect() {
    return new AdminApi(server, token(), socketFactory());
  }

  /** The token to send: --token or the environment's, else the data dir's admin-token file, else none. */
  String token() {
    if (token != null && !token.isBlank()) {
      return token.strip();
    }
    Path file = dataDir == null ? null : dataDir.resolve("admin-token");
    try {
      return file != null && Files.isReadable(file) ? Files.readString(file).strip() : null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the admin token " + file, e);
    }
  }

  private SSLSocketFactory socketFactory() {
    if (caCert == null) {
      return null;
    }
    try (InputStream in = Files.newInputStream(caCert)) {
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      int i = 0;
      for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trusted.setCertificateEntry("ca-" + i++, certificate);
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context.getSocketFactory();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("--cacert " + caCert + " cannot be read as PEM certificates: " + e.getMessage(), e);
    }
  }
}
