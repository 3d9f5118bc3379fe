package dev.kafkaeventing.serving.activator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkaeventing.serving.RevisionId;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InboundTokensTest {

  private static final TrafficSplit SPLIT = TrafficSplit.to(new RevisionId("ns", "svc-00001"));
  private static final ActivatorRoutes.Match BY_PATH = new ActivatorRoutes.Match(SPLIT, "/", "ns/svc", false);
  private static final ActivatorRoutes.Match BY_HOST = new ActivatorRoutes.Match(SPLIT, "/", "ns/svc", true);

  static Stream<Arguments> audiences() {
    return Stream.of(
        Arguments.of("serving.knative.dev/route/ns/svc", BY_PATH, "127.0.0.1:8082", true),
        Arguments.of("serving.knative.dev/service/ns/svc", BY_HOST, "svc.ns.example.com", true),
        Arguments.of("serving.knative.dev/route/ns/other", BY_PATH, "127.0.0.1:8082", false),
        Arguments.of("eventing.knative.dev/broker/ns/svc", BY_PATH, "127.0.0.1:8082", false),
        Arguments.of("http://127.0.0.1:8082/ns/svc", BY_PATH, "127.0.0.1:8082", true),
        Arguments.of("http://127.0.0.1:8082/ns/svc/orders?x=1", BY_PATH, "127.0.0.1:8082", true),
        Arguments.of("http://127.0.0.1:8082/ns/svcx", BY_PATH, "127.0.0.1:8082", false),
        Arguments.of("http://127.0.0.1:8082/", BY_PATH, "127.0.0.1:8082", false),
        Arguments.of("http://127.0.0.1:9999/ns/svc", BY_PATH, "127.0.0.1:8082", false),
        Arguments.of("http://svc.ns.example.com", BY_HOST, "SVC.ns.example.com:8082", true),
        Arguments.of("http://other.ns.example.com", BY_HOST, "svc.ns.example.com", false),
        Arguments.of("not a url", BY_PATH, "127.0.0.1:8082", false));
  }

  @ParameterizedTest
  @MethodSource("audiences")
  void shouldAcceptOnlyTheRoutesAudiencesWhenATokenReachesIt(String audience, ActivatorRoutes.Match match,
      String host, boolean accepted) {

    boolean result = InboundTokens.accepts(audience, match, host);

    assertThat(result).isEqualTo(accepted);
  }

  @ParameterizedTest
  @MethodSource("headers")
  void shouldRefuseWithoutVerifyingWhenNoBearerTokenIsGiven(String authorization) {
    InboundTokens tokens = new InboundTokens(null, () -> true);

    String refusal = tokens.refusal(authorization, BY_PATH, "127.0.0.1:8082").join();

    assertThat(refusal).isNotNull();
  }

  static Stream<String> headers() {
    return Stream.of(null, "", "Basic abc", "Bearer", "Bearer x");
  }

  @Test
  void shouldAdmitEveryRequestWhenAuthenticationIsOff() {
    assertThat(InboundTokens.OFF.refusal(null, BY_PATH, "127.0.0.1:8082").join()).isNull();
  }
}
