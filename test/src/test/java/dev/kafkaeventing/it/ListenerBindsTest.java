package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.platform.Listeners;
import dev.kafkaeventing.platform.PlatformConfig;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each listener binds to its own address; {@code bindHost} is only the default for the others. */
class ListenerBindsTest {

  static PlatformHarness platform;

  @BeforeAll
  static void start() {
    PlatformConfig config = PlatformHarness.config();
    platform = PlatformHarness.start(config.withListeners(
        Listeners.defaults().withBinds("127.0.0.2", "127.0.0.3", "127.0.0.4", null)));
  }

  @AfterAll
  static void stop() {
    platform.close();
  }

  @Test
  void shouldServeEachListenerOnlyOnItsOwnAddressWhenBindsDiffer() {
    URI ingress = URI.create(platform.ingressUrl());
    URI admin = URI.create(platform.adminUrl());
    URI metrics = URI.create(platform.metricsUrl());

    assertThat(ingress.getHost()).isEqualTo("127.0.0.2");
    assertThat(admin.getHost()).isEqualTo("127.0.0.3");
    assertThat(metrics.getHost()).isEqualTo("127.0.0.4");
    assertRefused("127.0.0.1", ingress.getPort());
    assertRefused("127.0.0.1", admin.getPort());
    assertRefused("127.0.0.1", metrics.getPort());
  }

  @Test
  void shouldAcceptEventsAndCliCallsWhenListenersHaveTheirOwnAddresses() {
    String namespace = PlatformHarness.uniqueNamespace();

    IngressRecords.applyReadyBroker(platform, namespace, "default");
    HttpResponse<String> response = PlatformHarness.postEvent(
        platform.brokerUrl(namespace, "default"), UUID.randomUUID().toString(), "t", "{}");

    assertThat(response.statusCode()).isEqualTo(202);
  }

  @Test
  void shouldFallBackToBindHostWhenNoListenerAddressIsSet() {
    PlatformConfig defaults = PlatformHarness.config();
    PlatformConfig kafkaApart = defaults.withListeners(Listeners.defaults().withBinds(null, null, null, "127.0.0.5"));

    assertThat(defaults.ingressBind()).isEqualTo(defaults.bindHost());
    assertThat(defaults.adminBind()).isEqualTo(defaults.bindHost());
    assertThat(defaults.kafkaBind()).isEqualTo(defaults.bindHost());
    assertThat(kafkaApart.kafkaBind()).isEqualTo("127.0.0.5");
    assertThat(kafkaApart.ingressBind()).isEqualTo(defaults.bindHost());
  }

  private static void assertRefused(String host, int port) {
    assertThatThrownBy(() -> {
      try (Socket socket = new Socket(host, port)) {
        socket.getInputStream();
      }
    }).as("%s:%d must not be served", host, port).isInstanceOf(ConnectException.class);
  }
}
