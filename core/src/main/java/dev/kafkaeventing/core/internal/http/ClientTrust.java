package dev.kafkaeventing.core.internal.http;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Client TLS contexts: the JVM's trust store plus the client's global CA bundle plus, per
 * destination, its own PEM certificates. One context per distinct set of extra certificates,
 * cached. Thread-safe.
 */
final class ClientTrust {

  private final String globalPem;
  private final ConcurrentHashMap<String, SslContext> contexts = new ConcurrentHashMap<>();

  /** @param globalPem PEM certificates every https call trusts besides the JVM's (null: none) */
  ClientTrust(String globalPem) {
    this.globalPem = globalPem == null ? "" : globalPem;
  }

  /** The context for a destination trusting {@code destinationPem} too (null: only the global ones). */
  SslContext context(String destinationPem) {
    String key = destinationPem == null ? "" : destinationPem.strip();
    return contexts.computeIfAbsent(key, this::build);
  }

  private SslContext build(String destinationPem) {
    try {
      List<X509TrustManager> managers = new ArrayList<>();
      managers.add(trustManager(null));
      List<X509Certificate> extra = new ArrayList<>(certificates(globalPem));
      extra.addAll(certificates(destinationPem));
      if (!extra.isEmpty()) {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        for (int i = 0; i < extra.size(); i++) {
          store.setCertificateEntry("ca-" + i, extra.get(i));
        }
        managers.add(trustManager(store));
      }
      return SslContextBuilder.forClient().trustManager(new AnyOf(managers)).build();
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalArgumentException("cannot build the TLS trust (CA certificates): " + e.getMessage(), e);
    }
  }

  /** Parses PEM certificates; blank text is none. */
  static List<X509Certificate> certificates(String pem) throws CertificateException {
    if (pem == null || pem.isBlank()) {
      return List.of();
    }
    List<X509Certificate> certificates = new ArrayList<>();
    for (var certificate : java.security.cert.CertificateFactory.getInstance("X.509")
        .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
      certificates.add((X509Certificate) certificate);
    }
    return certificates;
  }

  private static X509TrustManager trustManager(KeyStore store) throws GeneralSecurityException {
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    for (TrustManager manager : factory.getTrustManagers()) {
      if (manager instanceof X509TrustManager x509) {
        return x509;
      }
    }
    throw new GeneralSecurityException("no X.509 trust manager");
  }

  /** Trusts a server chain that any of its managers trusts. */
  private record AnyOf(List<X509TrustManager> managers) implements X509TrustManager {

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      throw new CertificateException("client certificates are not checked here");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      CertificateException last = null;
      for (X509TrustManager manager : managers) {
        try {
          manager.checkServerTrusted(chain, authType);
          return;
        } catch (CertificateException e) {
          last = e;
        }
      }
      throw new CertificateException("server certificate " + chain[0].getSubjectX500Principal()
          + " is not trusted by the JVM's trust store nor the configured CA certificates", last);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return managers.stream().flatMap(m -> java.util.Arrays.stream(m.getAcceptedIssuers()))
          .toArray(X509Certificate[]::new);
    }
  }
}
