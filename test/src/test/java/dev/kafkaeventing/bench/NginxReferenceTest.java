package dev.kafkaeventing.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NginxReferenceTest {

  @Test
  void shouldProxyToTheAppOverKeptConnectionsWhenNginxIsInstalled(@TempDir Path work) throws Exception {
    Optional<Path> binary = NginxReference.find();
    assumeTrue(binary.isPresent(), "nginx is not installed");
    HttpServer app = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    app.createContext("/", exchange -> {
      byte[] body = ("seen " + exchange.getRequestHeaders().getFirst("X-Forwarded-For")).getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    app.start();
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try (NginxReference nginx = NginxReference.start(binary.get(), work.resolve("nginx"), app.getAddress().getPort(), 4)) {
      long cpuBefore = nginx.cpuNanos();

      HttpResponse<String> first = client.send(HttpRequest.newBuilder(nginx.url()).build(),
          HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> second = client.send(HttpRequest.newBuilder(nginx.url()).POST(
          HttpRequest.BodyPublishers.ofString("x".repeat(1024))).build(), HttpResponse.BodyHandlers.ofString());

      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(first.body()).isEqualTo("seen 127.0.0.1");
      assertThat(second.statusCode()).isEqualTo(200);
      assertThat(nginx.cpuNanos()).isGreaterThanOrEqualTo(cpuBefore);
      assertThat(Files.readString(work.resolve("nginx/nginx.conf"))).contains("worker_processes 1;", "keepalive 16;",
          "proxy_http_version 1.1;", "access_log off;");
    } finally {
      app.stop(0);
    }
  }
}
