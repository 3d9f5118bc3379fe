package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkaeventing.it.harness.PlatformHarness;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admin API refuses what a web page could send on the operator's behalf (a form POST, a
 * foreign Origin, a DNS-rebinding Host) and nothing of it is applied; the CLI's own requests pass.
 */
class AdminCrossSiteTest {

  static PlatformHarness platform;
  static URI admin;
  static String own;
  static String namespace;

  @BeforeAll
  static void start() {
    platform = PlatformHarness.start();
    admin = URI.create(platform.adminUrl());
    own = "127.0.0.1:" + admin.getPort();
    namespace = PlatformHarness.uniqueNamespace();
  }

  @AfterAll
  static void stop() {
    platform.close();
  }

  @Test
  void shouldRefuseApplyWhenContentTypeIsTextPlain() throws IOException {
    String answer = post("/api/v1/apply", own, null, "text/plain", applyBody("form"));

    assertThat(answer).startsWith("HTTP/1.1 415 ").contains("Content-Type must be application/json");
    assertNotCreated("form");
  }

  @Test
  void shouldRefuseApplyWhenOriginIsForeign() throws IOException {
    String answer = post("/api/v1/apply", own, "http://evil.example", "application/json", applyBody("origin"));

    assertThat(answer).startsWith("HTTP/1.1 403 ").contains("Origin http://evil.example");
    assertNotCreated("origin");
  }

  @Test
  void shouldRefuseApplyWhenHostIsForeign() throws IOException {
    String foreign = "evil.example:" + admin.getPort();

    String answer = post("/api/v1/apply", foreign, null, "application/json", applyBody("rebinding"));

    assertThat(answer).startsWith("HTTP/1.1 403 ").contains("Host " + foreign);
    assertNotCreated("rebinding");
  }

  @Test
  void shouldRefuseReadWhenHostIsForeign() throws IOException {
    String answer = exchange("GET /api/v1/resources?kind=broker HTTP/1.1\r\nHost: evil.example:"
        + admin.getPort() + "\r\nConnection: close\r\n\r\n");

    assertThat(answer).startsWith("HTTP/1.1 403 ");
  }

  @Test
  void shouldApplyWhenRequestComesFromTheAdminApiItself() throws IOException {
    String answer = post("/api/v1/apply", "localhost:" + admin.getPort(), "http://" + own,
        "application/json; charset=utf-8", applyBody("own"));

    assertThat(answer).startsWith("HTTP/1.1 200 ");
    assertThat(platform.cli("get", "brokers", "own", "-n", namespace).exitCode()).isZero();
  }

  private static void assertNotCreated(String broker) {
    PlatformHarness.CliResult result = platform.cli("get", "brokers", broker, "-n", namespace);
    assertThat(result.exitCode()).as("broker %s must not exist: %s", broker, result.out()).isNotZero();
  }

  private static String applyBody(String broker) {
    String yaml = "apiVersion: eventing.knative.dev/v1\\nkind: Broker\\nmetadata:\\n  name: " + broker
        + "\\n  namespace: " + namespace + "\\n";
    return "{\"documents\":[{\"source\":\"page\",\"content\":\"" + yaml + "\"}]}";
  }

  private static String post(String path, String host, String origin, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return exchange("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\n"
        + (origin == null ? "" : "Origin: " + origin + "\r\n")
        + "Content-Type: " + type + "\r\nContent-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n" + body);
  }

  /** Writes a raw request (Java's HttpClient will not send a foreign Host) and reads until closed. */
  private static String exchange(String request) throws IOException {
    try (Socket socket = new Socket(admin.getHost(), admin.getPort())) {
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
