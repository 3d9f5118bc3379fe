package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.it.harness.PlatformHarness.CliResult;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Deliveries to an {@code https} subscriber whose certificate only the Trigger's {@code CACerts}
 * (Knative's Destination field) makes trusted: with it the event arrives, without it the
 * delivery fails and is parked naming the TLS failure.
 */
class HttpsSubscriberTest {

  private static PlatformHarness platform;
  private static HttpsServer subscriber;
  private static String caPem;
  private static final List<String> received = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory("kafka-eventing-https-subscriber");
    Path cert = dir.resolve("tls.crt");
    Path key = dir.resolve("tls.key");
    try {
      TlsAndAdminTokenTest.selfSigned("subscriber", cert, key);
    } catch (AssertionError | java.io.IOException e) {
      assumeTrue(false, "openssl is not available: " + e.getMessage());
    }
    Path p12 = dir.resolve("tls.p12");
    Process export = new ProcessBuilder("openssl", "pkcs12", "-export", "-in", cert.toString(), "-inkey",
        key.toString(), "-out", p12.toString(), "-passout", "pass:secret").redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertThat(export.waitFor(30, TimeUnit.SECONDS) && export.exitValue() == 0).as("openssl pkcs12").isTrue();
    caPem = Files.readString(cert);
    subscriber = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    subscriber.setHttpsConfigurator(new HttpsConfigurator(serverContext(p12)));
    subscriber.createContext("/", exchange -> {
      received.add(exchange.getRequestHeaders().getFirst("ce-id"));
      exchange.sendResponseHeaders(202, -1);
      exchange.close();
    });
    subscriber.start();
    platform = PlatformHarness.start();
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
    if (subscriber != null) {
      subscriber.stop(0);
    }
  }

  @Test
  void shouldDeliverOverHttpsWhenTriggerNamesTheSubscribersCaCerts() {
    String ns = PlatformHarness.uniqueNamespace();
    String url = "https://127.0.0.1:" + subscriber.getAddress().getPort() + "/";
    platform.apply("""
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata: {name: default, namespace: %1$s}
        ---
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata: {name: trusted, namespace: %1$s}
        spec:
          broker: default
          filter: {attributes: {type: trusted}}
          subscriber:
            uri: "%2$s"
            CACerts: |
        %3$s
        ---
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata: {name: untrusted, namespace: %1$s}
        spec:
          broker: default
          filter: {attributes: {type: untrusted}}
          subscriber: {uri: "%2$s"}
          delivery: {retry: 0}
        """.formatted(ns, url, caPem.strip().indent(6).stripTrailing()));
    platform.awaitReady("trigger", ns, "trusted");
    platform.awaitReady("trigger", ns, "untrusted");
    String broker = platform.brokerUrl(ns, "default");

    assertThat(PlatformHarness.postEvent(broker, "ok-1", "trusted", "{}").statusCode()).isEqualTo(202);
    assertThat(PlatformHarness.postEvent(broker, "bad-1", "untrusted", "{}").statusCode()).isEqualTo(202);

    await().atMost(Duration.ofSeconds(30)).until(() -> received.contains("ok-1"));
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      CliResult parked = platform.cli("parked", "list", "trigger/untrusted", "-n", ns);
      assertThat(parked.out()).contains("SSLHandshakeException: server certificate");
    });
    assertThat(received).doesNotContain("bad-1");
  }

  @Test
  void shouldRefuseTriggerWhenCaCertsIsNotPem() {
    String ns = PlatformHarness.uniqueNamespace();

    assertThatThrownBy(() -> platform.apply("""
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata: {name: t, namespace: %s}
        spec:
          broker: default
          subscriber: {uri: "https://example.com/", CACerts: "not a certificate"}
        """.formatted(ns)))
        .hasMessageContaining("spec.subscriber.CACerts: not PEM certificates");
  }

  private static SSLContext serverContext(Path p12) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(p12)) {
      store.load(in, "secret".toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, "secret".toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return context;
  }
}
