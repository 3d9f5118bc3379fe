package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.it.harness.PlatformHarness.CliResult;
import dev.kafkaeventing.platform.Platform;
import dev.kafkaeventing.platform.PlatformOptions;
import dev.kafkaeventing.platform.PlatformConfig;
import dev.kafkaeventing.platform.PlatformSecurity;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A platform started as {@code up} starts it with {@code --tls-cert/--tls-key}: the ingress and the
 * admin API over HTTPS with a certificate made here by {@code openssl}, rotated on disk, and the
 * admin API's bearer tokens.
 */
class TlsAndAdminTokenTest {

  private static Path dir;
  private static Path cert;
  private static Path key;
  private static Path rotatedCert;
  private static Path rotatedKey;
  /** Both certificates: clients trust either, whichever the platform serves when they connect. */
  private static Path bundle;
  private static Platform platform;
  private static PlatformConfig config;
  private static HttpClient https;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(openssl("version"), "openssl is not installed");
    dir = Files.createTempDirectory("kafka-eventing-tls");
    cert = dir.resolve("tls.crt");
    key = dir.resolve("tls.key");
    selfSigned("first", cert, key);
    rotatedCert = dir.resolve("rotated.crt");
    rotatedKey = dir.resolve("rotated.key");
    selfSigned("rotated", rotatedCert, rotatedKey);
    bundle = dir.resolve("bundle.pem");
    Files.writeString(bundle, Files.readString(cert) + Files.readString(rotatedCert));
    config = PlatformHarness.config();
    platform = Platform.start(config, PlatformOptions.defaults()
        .withSecurity(new PlatformSecurity(cert, key, null, Map.of(), true, false)));
    platform.awaitReady();
    https = HttpClient.newBuilder().sslContext(trusting(bundle)).connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void shouldAcceptEventOverHttpsWhenClientTrustsTheCertificate() throws Exception {
    String ns = PlatformHarness.uniqueNamespace();
    assertThat(platform.ingressUrl()).startsWith("https://");
    HttpResponse<String> applied = call("POST", "/api/v1/apply", adminToken(), """
        {"documents":[{"source":"t","content":"apiVersion: eventing.knative.dev/v1\\nkind: Broker\\nmetadata:\\n  name: default\\n  namespace: %s\\n"}]}
        """.formatted(ns));
    assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      HttpResponse<String> published = https.send(HttpRequest.newBuilder(URI.create(platform.ingressUrl() + "/" + ns + "/default"))
          .header("ce-specversion", "1.0").header("ce-id", "1").header("ce-type", "t").header("ce-source", "s")
          .header("content-type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(published.statusCode()).isEqualTo(202);
    });
  }

  @Test
  void shouldServeTheNewCertificateToNewConnectionsWhenTheFilesChangeOnDisk() throws Exception {
    Path newCert = Files.copy(rotatedCert, dir.resolve("new.crt"));
    Path newKey = Files.copy(rotatedKey, dir.resolve("new.key"));
    int port = URI.create(platform.ingressUrl()).getPort();
    assertThat(servedSubject(port)).contains("CN=first");

    Files.move(newKey, key, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Files.move(newCert, cert, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(servedSubject(port)).contains("CN=rotated"));
  }

  @Test
  void shouldServeActivatorAndAdminOverHttpsWhenTlsIsOn() throws Exception {
    URI activator = URI.create(platform.activatorUrl());
    URI admin = URI.create(platform.adminUrl());

    String activatorSubject = servedSubject(activator.getPort());
    String adminSubject = servedSubject(admin.getPort());

    assertThat(activator.getScheme()).isEqualTo("https");
    assertThat(activatorSubject).containsAnyOf("CN=first", "CN=rotated");
    assertThat(adminSubject).containsAnyOf("CN=first", "CN=rotated");
  }

  @Test
  void shouldRefuseMutatingAdminCallsWhenTokenMissingOrReadOnly() throws Exception {
    String readToken = Files.readString(config.dataDir().resolve("read-token")).strip();
    String body = "{\"documents\":[]}";
    List<String[]> mutating = List.of(new String[] {"POST", "/api/v1/apply"}, new String[] {"POST", "/api/v1/delete"},
        new String[] {"DELETE", "/api/v1/resources/broker/default/x"}, new String[] {"POST", "/api/v1/redrive/default/t"},
        new String[] {"PUT", "/api/v1/anything"});

    for (String[] route : mutating) {
      HttpResponse<String> none = call(route[0], route[1], null, body);
      HttpResponse<String> wrong = call(route[0], route[1], "not-a-token", body);
      HttpResponse<String> read = call(route[0], route[1], readToken, body);

      assertThat(none.statusCode()).as(route[0] + " " + route[1]).isEqualTo(401);
      assertThat(none.headers().firstValue("www-authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(read.statusCode()).as(route[0] + " " + route[1]).isEqualTo(403);
    }
    assertThat(call("GET", "/api/v1/resources?kind=broker", readToken, null).statusCode()).isEqualTo(200);
    assertThat(call("GET", "/api/v1/resources?kind=broker", null, null).statusCode()).isEqualTo(401);
    assertThat(call("GET", "/readyz", null, null).statusCode()).isEqualTo(200);
    assertThat(Files.getPosixFilePermissions(config.dataDir().resolve("admin-token")))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  }

  @Test
  void shouldRunCliCommandsWhenItReadsTheTokenFromTheDataDir() {
    String ns = PlatformHarness.uniqueNamespace();

    CliResult withoutToken = CliRunner.run("get", "brokers", "-n", ns, "--server", platform.adminUrl(),
        "--cacert", bundle.toString(), "--data-dir", dir.toString());
    CliResult withToken = CliRunner.run("get", "brokers", "-n", ns, "--server", platform.adminUrl(),
        "--cacert", bundle.toString(), "--data-dir", config.dataDir().toString());

    assertThat(withoutToken.exitCode()).isNotZero();
    assertThat(withoutToken.err()).contains("a bearer token is required");
    assertThat(withToken.exitCode()).as(withToken.err()).isZero();
  }

  @Test
  void shouldRefuseToStartWhenSecurityFlagsAreInconsistent() throws Exception {
    Path kafkaConfig = Files.writeString(dir.resolve("client.properties"), "security.protocol=SSL\n");
    Path withServers = Files.writeString(dir.resolve("servers.properties"), "bootstrap.servers=x:9092\n");

    CliResult certOnly = CliRunner.run("up", "--data-dir", dir.resolve("d1").toString(), "--tls-cert", cert.toString());
    CliResult embedded = CliRunner.run("up", "--data-dir", dir.resolve("d2").toString(),
        "--kafka-config", kafkaConfig.toString());
    CliResult servers = CliRunner.run("up", "--data-dir", dir.resolve("d3").toString(), "--bootstrap-servers",
        "127.0.0.1:1", "--kafka-config", withServers.toString());
    CliResult missing = CliRunner.run("up", "--data-dir", dir.resolve("d4").toString(), "--bootstrap-servers",
        "127.0.0.1:1", "--kafka-config", dir.resolve("nope.properties").toString());

    assertThat(certOnly.exitCode()).isEqualTo(1);
    assertThat(certOnly.err()).contains("--tls-cert and --tls-key must be given together");
    assertThat(embedded.err()).contains("--kafka-config needs --bootstrap-servers");
    assertThat(servers.err()).contains("bootstrap.servers is not allowed here");
    assertThat(missing.err()).contains("--kafka-config " + dir.resolve("nope.properties"));
  }

  private static String adminToken() throws IOException {
    return Files.readString(config.dataDir().resolve("admin-token")).strip();
  }

  private static HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(platform.adminUrl() + path))
        .timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return https.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The subject of the certificate a new TLS connection to the port is shown (any is accepted). */
  private static String servedSubject(int port) throws Exception {
    SSLContext any = SSLContext.getInstance("TLS");
    any.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
      @Override public void checkClientTrusted(X509Certificate[] chain, String authType) { }
      @Override public void checkServerTrusted(X509Certificate[] chain, String authType) { }
      @Override public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    }}, null);
    try (SSLSocket socket = (SSLSocket) any.getSocketFactory().createSocket("127.0.0.1", port)) {
      socket.setSoTimeout(5_000);
      socket.startHandshake();
      return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
    }
  }

  private static SSLContext trusting(Path pem) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    try (InputStream in = Files.newInputStream(pem)) {
      int i = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("c" + i++, c);
      }
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  static void selfSigned(String name, Path certFile, Path keyFile) throws Exception {
    assertThat(openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", keyFile.toString(), "-out", certFile.toString(), "-days", "2", "-subj", "/CN=" + name,
        "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost")).as("openssl req").isTrue();
  }

  private static boolean openssl(String... args) {
    try {
      String[] command = new String[args.length + 1];
      command[0] = "openssl";
      System.arraycopy(args, 0, command, 1, args.length);
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
