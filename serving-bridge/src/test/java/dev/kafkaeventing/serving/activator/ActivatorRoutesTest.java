package dev.kafkaeventing.serving.activator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkaeventing.serving.RevisionId;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActivatorRoutesTest {

  private static final TrafficSplit MAIN = TrafficSplit.to(new RevisionId("ns", "svc-00001"));
  private static final TrafficSplit TAGGED = TrafficSplit.to(new RevisionId("ns", "svc-00002"));

  @Test
  void shouldMatchByHostIgnoringPortAndCaseWhenHostIsPublished() {
    ActivatorRoutes routes = new ActivatorRoutes();
    routes.publish("ns/svc", Map.of("svc.ns.example.com", MAIN, "beta-svc.ns.example.com", TAGGED), MAIN);

    assertThat(routes.match("SVC.ns.example.com:8082", "/a?b=c")).isEqualTo(new ActivatorRoutes.Match(MAIN, "/a?b=c", "ns/svc", true));
    assertThat(routes.match("beta-svc.ns.example.com", "/").split()).isEqualTo(TAGGED);
  }

  @Test
  void shouldStripThePrefixWhenMatchedByPath() {
    ActivatorRoutes routes = new ActivatorRoutes();
    routes.publish("ns/svc", Map.of("svc.ns.example.com", MAIN), MAIN);

    assertThat(routes.match("127.0.0.1:8082", "/ns/svc").upstreamUri()).isEqualTo("/");
    assertThat(routes.match("127.0.0.1:8082", "/ns/svc/x/y?z=1").upstreamUri()).isEqualTo("/x/y?z=1");
    assertThat(routes.match("127.0.0.1:8082", "/ns/svc?z=1").upstreamUri()).isEqualTo("/?z=1");
    assertThat(routes.match("127.0.0.1:8082", "/ns/other")).isNull();
  }

  @Test
  void shouldForgetOldHostsWhenARouteIsPublishedAgainOrRemoved() {
    ActivatorRoutes routes = new ActivatorRoutes();
    routes.publish("ns/svc", Map.of("svc.ns.example.com", MAIN, "beta-svc.ns.example.com", TAGGED), MAIN);

    routes.publish("ns/svc", Map.of("svc.ns.example.com", TAGGED), TAGGED);
    assertThat(routes.match("beta-svc.ns.example.com", "/")).isNull();
    routes.remove("ns/svc");

    assertThat(routes.match("svc.ns.example.com", "/ns/svc")).isNull();
  }

  @Test
  void shouldFindTheRevisionsADestinationReachesWhenItIsTheActivatorsAddressOrAHost() {
    ActivatorRoutes routes = new ActivatorRoutes();
    routes.publish("ns/svc", Map.of("svc.ns.example.com", MAIN), MAIN);

    assertThat(routes.revisions(URI.create("http://127.0.0.1:8082/ns/svc"), "127.0.0.1:8082"))
        .containsExactly(new RevisionId("ns", "svc-00001"));
    assertThat(routes.revisions(URI.create("http://svc.ns.example.com"), "127.0.0.1:8082"))
        .containsExactly(new RevisionId("ns", "svc-00001"));
    assertThat(routes.revisions(URI.create("http://elsewhere:9000/ns/svc"), "127.0.0.1:8082")).isEmpty();
    assertThat(routes.revisions(URI.create("http://127.0.0.1:8082/ns/other"), "127.0.0.1:8082")).isEmpty();
  }
}
