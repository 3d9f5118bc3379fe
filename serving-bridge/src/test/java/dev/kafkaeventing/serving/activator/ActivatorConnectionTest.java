package dev.kafkaeventing.serving.activator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.kafkaeventing.core.ListenerLimits;
import dev.kafkaeventing.core.ServerTls;
import dev.kafkaeventing.serving.RevisionId;
import dev.kafkaeventing.serving.runtime.ReplicaEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The activator's handling of a client connection, against a real replica (the JDK's HTTP server). */
class ActivatorConnectionTest {

  private static final RevisionId REVISION = new RevisionId("ns", "svc-00001");

  private HttpServer replica;
  private Activator activator;
  private final Set<Integer> replicaSeesPorts = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void start() throws IOException {
    replica = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    replica.createContext("/", exchange -> {
      replicaSeesPorts.add(exchange.getRemoteAddress().getPort());
      byte[] body = (exchange.getRequestURI().getPath() + " " + exchange.getRequestHeaders()
          .getFirst("Knative-Serving-Revision")).getBytes(StandardCharsets.US_ASCII);
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    replica.start();
    activator = activator(ServerTls.none());
  }

  private Activator activator(ServerTls tls) {
    ActivatorRoutes routes = new ActivatorRoutes();
    routes.publish("ns/svc", Map.of("svc.ns.example.com", TrafficSplit.to(REVISION)), TrafficSplit.to(REVISION));
    Throttlers throttlers = new Throttlers(10);
    throttlers.configure(REVISION, 0, Duration.ofSeconds(10), null, null);
    throttlers.endpoints(REVISION, List.of(new ReplicaEndpoint("127.0.0.1", replica.getAddress().getPort())));
    return Activator.start("127.0.0.1", 0, new ListenerLimits(Duration.ofSeconds(30), 100), tls, routes, throttlers,
        InboundTokens.OFF);
  }

  @AfterEach
  void stop() {
    activator.close();
    replica.stop(0);
  }

  @Test
  void shouldProxyPipelinedAndSequentialRequestsWhenTheActivatorServesHttps(@TempDir Path dir) throws Exception {
    assumeTrue(openssl("version", dir), "openssl is not installed");
    Path key = dir.resolve("key.pem");
    Path cert = dir.resolve("cert.pem");
    assertThat(openssl("req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=localhost"
        + " -keyout " + key + " -out " + cert, dir)).isTrue();
    ServerTls tls = ServerTls.fromPem(cert, key, Duration.ofSeconds(60));
    try (Activator https = activator(tls);
        Socket client = trustingAll().getSocketFactory().createSocket("127.0.0.1", https.port())) {
      client.setSoTimeout(10_000);
      client.getOutputStream().write((request("/ns/svc/a", "") + request("/ns/svc/b", "hi"))
          .getBytes(StandardCharsets.US_ASCII));
      assertThat(readResponse(client.getInputStream())).isEqualTo("/a svc-00001");
      assertThat(readResponse(client.getInputStream())).isEqualTo("/b svc-00001");
      for (int i = 0; i < 5; i++) {
        client.getOutputStream().write(request("/ns/svc/" + i, "x").getBytes(StandardCharsets.US_ASCII));
        assertThat(readResponse(client.getInputStream())).isEqualTo("/" + i + " svc-00001");
      }
    } finally {
      tls.close();
    }
  }

  private static boolean openssl(String args, Path dir) throws InterruptedException {
    try {
      List<String> command = new java.util.ArrayList<>(List.of("openssl"));
      command.addAll(List.of(args.split(" ")));
      Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return process.waitFor() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  /** A TLS client that trusts any certificate (the test's own, self-signed). */
  private static SSLContext trustingAll() throws Exception {
    X509TrustManager all = new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    };
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {all}, null);
    return context;
  }

  @Test
  void shouldAnswerPipelinedRequestsInOrderWhenSentInOneWrite() throws IOException {
    try (Socket client = new Socket("127.0.0.1", activator.port())) {
      client.setSoTimeout(10_000);
      String requests = request("/ns/svc/a", "") + request("/ns/svc/b", "hello") + request("/ns/svc/c", "");
      client.getOutputStream().write(requests.getBytes(StandardCharsets.US_ASCII));

      List<String> bodies = List.of(readResponse(client.getInputStream()), readResponse(client.getInputStream()),
          readResponse(client.getInputStream()));

      assertThat(bodies).containsExactly("/a svc-00001", "/b svc-00001", "/c svc-00001");
    }
  }

  @Test
  void shouldReuseOneUpstreamConnectionWhenAClientSendsRequestsOneAfterAnother() throws IOException {
    try (Socket client = new Socket("127.0.0.1", activator.port())) {
      client.setSoTimeout(10_000);
      for (int i = 0; i < 20; i++) {
        client.getOutputStream().write(request("/ns/svc/" + i, "x".repeat(i)).getBytes(StandardCharsets.US_ASCII));
        assertThat(readResponse(client.getInputStream())).isEqualTo("/" + i + " svc-00001");
      }
    }

    assertThat(replicaSeesPorts).hasSize(1);
  }

  private static String request(String path, String body) {
    return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
  }

  /** Reads one response with a Content-Length; returns its body. */
  private static String readResponse(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed after " + head);
      }
      head.write(b);
    }
    String text = head.toString(StandardCharsets.US_ASCII);
    assertThat(text).startsWith("HTTP/1.1 200");
    int length = text.lines().filter(l -> l.toLowerCase().startsWith("content-length:"))
        .mapToInt(l -> Integer.parseInt(l.substring(15).trim())).findFirst().orElseThrow();
    return new String(in.readNBytes(length), StandardCharsets.US_ASCII);
  }
}
