package dev.kafkaeventing.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kafkaeventing.crds.Resource;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ParallelPlanTest {

  static final String KNATIVE_BRANCHES = """
      apiVersion: flows.knative.dev/v1
      kind: Parallel
      metadata: {name: par, namespace: ns}
      spec:
        branches:
          - filter: {uri: "http://even-filter/"}
            subscriber: {uri: "http://even/"}
            reply: {uri: "http://even-reply/"}
          - filter: {uri: "http://odd-filter/"}
            subscriber: {uri: "http://odd/"}
            delivery: {retry: 1}
        reply: {uri: "http://parallel-reply/"}
      """;

  @Test
  void shouldWireFilterBranchesLikeKnativeWhenBranchesHaveFilterDestinations() throws Exception {
    FlowPlan plan = ParallelPlan.of(SequencePlanTest.stored(KNATIVE_BRANCHES));

    assertThat(plan.entryChannel()).isEqualTo("par-kn-parallel");
    assertThat(plan.channels()).extracting(r -> r.metadata().name())
        .containsExactly("par-kn-parallel", "par-kn-parallel-0", "par-kn-parallel-1");
    assertThat(plan.subscriptions()).extracting(r -> r.metadata().name())
        .containsExactly("par-kn-parallel-0", "par-kn-parallel-1", "par-kn-parallel-filter-0", "par-kn-parallel-filter-1");
    Map<String, JsonNode> specs = specs(plan);
    assertThat(specs.get("par-kn-parallel-filter-0").path("channel").path("name").asText()).isEqualTo("par-kn-parallel");
    assertThat(specs.get("par-kn-parallel-filter-0").path("subscriber").path("uri").asText()).isEqualTo("http://even-filter/");
    assertThat(specs.get("par-kn-parallel-filter-0").path("reply").path("ref").path("name").asText()).isEqualTo("par-kn-parallel-0");
    assertThat(specs.get("par-kn-parallel-0").path("channel").path("name").asText()).isEqualTo("par-kn-parallel-0");
    assertThat(specs.get("par-kn-parallel-0").path("reply").path("uri").asText()).isEqualTo("http://even-reply/");
    assertThat(specs.get("par-kn-parallel-1").path("reply").path("uri").asText()).isEqualTo("http://parallel-reply/");
    assertThat(specs.get("par-kn-parallel-1").path("delivery").path("retry").asInt()).isEqualTo(1);
  }

  @Test
  void shouldSubscribeBranchToIngressChannelWhenBranchHasOnlyFilters() throws Exception {
    FlowPlan plan = ParallelPlan.of(SequencePlanTest.stored("""
        apiVersion: flows.knative.dev/v1
        kind: Parallel
        metadata: {name: par, namespace: ns}
        spec:
          branches:
            - filters: [{cel: "int(event.data.n) % 2 == 0"}]
              subscriber: {uri: "http://even/"}
            - subscriber: {uri: "http://all/"}
        """));

    assertThat(plan.channels()).extracting(r -> r.metadata().name())
        .containsExactly("par-kn-parallel", "par-kn-parallel-1");
    Map<String, JsonNode> specs = specs(plan);
    JsonNode even = specs.get("par-kn-parallel-0");
    assertThat(even.path("channel").path("name").asText()).isEqualTo("par-kn-parallel");
    assertThat(even.path("filters").get(0).path("cel").asText()).isEqualTo("int(event.data.n) % 2 == 0");
    assertThat(even.has("reply")).isFalse();
    JsonNode noFilter = specs.get("par-kn-parallel-filter-1");
    assertThat(noFilter.has("subscriber")).isFalse();
    assertThat(noFilter.path("reply").path("ref").path("name").asText()).isEqualTo("par-kn-parallel-1");
  }

  @Test
  void shouldNameBranchFieldWhenFiltersDoNotCompile() {
    Resource parallel = SequencePlanTest.stored("""
        apiVersion: flows.knative.dev/v1
        kind: Parallel
        metadata: {name: par}
        spec:
          branches:
            - subscriber: {uri: "http://a/"}
            - filters: [{cesql: "type = "}]
              subscriber: {uri: "http://b/"}
        """);

    assertThatThrownBy(() -> ParallelPlan.of(parallel))
        .isInstanceOf(InvalidFlowException.class)
        .hasMessageStartingWith("spec.branches[1].filters[0].cesql");
  }

  private static Map<String, JsonNode> specs(FlowPlan plan) {
    return plan.subscriptions().stream().collect(Collectors.toMap(r -> r.metadata().name(), Resource::spec));
  }
}
