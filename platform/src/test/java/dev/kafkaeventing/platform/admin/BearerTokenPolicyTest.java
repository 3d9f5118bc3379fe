package dev.kafkaeventing.platform.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BearerTokenPolicyTest {

  private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 8081);

  @TempDir Path dataDir;

  static Stream<Arguments> cases() {
    return Stream.of(
        // method, path, token (admin/read/bad/none), metricsAuth, expected status (0 = served)
        Arguments.of("GET", "/readyz", "none", false, 0),
        Arguments.of("GET", "/healthz", "none", true, 0),
        Arguments.of("GET", "/metrics", "none", false, 0),
        Arguments.of("GET", "/metrics", "none", true, 401),
        Arguments.of("GET", "/metrics", "read", true, 0),
        Arguments.of("GET", "/ui", "none", false, 0),
        Arguments.of("GET", "/ui/app.js", "none", false, 0),
        Arguments.of("GET", "/uix", "none", false, 401),
        Arguments.of("GET", "/api/v1/resources?kind=broker", "none", false, 401),
        Arguments.of("GET", "/api/v1/resources?kind=broker", "bad", false, 401),
        Arguments.of("GET", "/api/v1/resources?kind=broker", "read", false, 0),
        Arguments.of("HEAD", "/api/v1/resources", "read", false, 0),
        Arguments.of("POST", "/api/v1/apply", "read", false, 403),
        Arguments.of("DELETE", "/api/v1/resources/broker/default/x", "read", false, 403),
        Arguments.of("PUT", "/api/v1/x", "read", false, 403),
        Arguments.of("POST", "/api/v1/apply", "admin", false, 0),
        Arguments.of("POST", "/api/v1/apply", "none", false, 401));
  }

  @ParameterizedTest(name = "{0} {1} with {2} token (metricsAuth {3}) -> {4}")
  @MethodSource("cases")
  void shouldAnswerByScopeWhenTokenIsGiven(String method, String path, String token, boolean metricsAuth,
      int expected) throws Exception {
    BearerTokenPolicy policy = new BearerTokenPolicy(AdminTokens.loadOrCreate(dataDir), metricsAuth);
    HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(method), path);
    String value = switch (token) {
      case "admin" -> Files.readString(dataDir.resolve(AdminTokens.ADMIN_FILE)).strip();
      case "read" -> Files.readString(dataDir.resolve(AdminTokens.READ_FILE)).strip();
      case "bad" -> "x" + Files.readString(dataDir.resolve(AdminTokens.ADMIN_FILE)).strip();
      default -> null;
    };
    if (value != null) {
      request.headers().set("Authorization", "Bearer " + value);
    }

    HttpAnswer answer = policy.refusal(request, LOCAL);

    assertThat(answer == null ? 0 : answer.status()).isEqualTo(expected);
    if (answer != null) {
      assertThat(answer.headers().get("WWW-Authenticate")).startsWith("Bearer realm=\"kafka-eventing\"");
    }
  }

  @Test
  void shouldKeepTheSameTokensWhenLoadedAgain() throws Exception {
    AdminTokens.loadOrCreate(dataDir);
    String admin = Files.readString(dataDir.resolve(AdminTokens.ADMIN_FILE));

    AdminTokens again = AdminTokens.loadOrCreate(dataDir);

    assertThat(again.scopeOf(admin.strip())).isEqualTo(AdminTokens.Scope.ADMIN);
    assertThat(Files.readString(dataDir.resolve(AdminTokens.ADMIN_FILE))).isEqualTo(admin);
    assertThat(Files.getPosixFilePermissions(dataDir.resolve(AdminTokens.READ_FILE)))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    assertThat(admin.strip()).isNotEqualTo(Files.readString(dataDir.resolve(AdminTokens.READ_FILE)).strip());
  }
}
