package dev.kafkaeventing.crds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ServingSpecsTest {

  private static final String SERVICE = """
      apiVersion: serving.knative.dev/v1
      kind: Service
      metadata:
        name: s
      spec:
        template:
          spec:
            containers:
              - image: example.com/app
        traffic:
      %s""";

  static Stream<Arguments> badTraffic() {
    return Stream.of(
        Arguments.of("  - latestRevision: true\n    percent: 50\n", "spec.traffic", "sum to 50, want 100"),
        Arguments.of("  - revisionName: a\n    percent: 101\n", "spec.traffic[0].percent", "between 0 and 100"),
        Arguments.of("  - percent: 100\n", "spec.traffic[0]", "revisionName or latestRevision"),
        Arguments.of("  - latestRevision: true\n    revisionName: a\n    percent: 100\n",
            "spec.traffic[0].revisionName", "must not be set"),
        Arguments.of("  - latestRevision: true\n    percent: 50\n    tag: x\n  - revisionName: a\n    percent: 50\n"
            + "    tag: x\n", "spec.traffic[1].tag", "duplicate tag"));
  }

  @ParameterizedTest
  @MethodSource("badTraffic")
  void shouldNameTheFieldWhenTrafficIsInvalid(String traffic, String field, String problem) {
    assertThatThrownBy(() -> ResourceParser.parse("s.yaml", SERVICE.formatted(traffic.indent(6))))
        .isInstanceOf(ResourceValidationException.class)
        .hasMessageContaining(field)
        .hasMessageContaining(problem);
  }

  @Test
  void shouldAcceptASplitWithATagWhenPercentsSumToHundred() {
    Resource service = ResourceParser.parse("s.yaml", SERVICE.formatted(
        "  - revisionName: s-00001\n    percent: 80\n  - latestRevision: true\n    percent: 20\n    tag: beta\n"
            .indent(6))).get(0);

    assertThat(ServiceSpec.from(service).traffic()).hasSize(2);
  }

  @Test
  void shouldReadRevisionLimitsWithKnativeDefaultsWhenARevisionIsParsed() {
    Resource revision = ResourceParser.parse("r.yaml", """
        apiVersion: serving.knative.dev/v1
        kind: Revision
        metadata:
          name: s-00001
        spec:
          containerConcurrency: 1
          containers:
            - image: example.com/app
        """).get(0);

    RevisionSpec spec = RevisionSpec.from(revision);

    assertThat(spec.containerConcurrency()).isEqualTo(1);
    assertThat(spec.timeoutSeconds()).isEqualTo(300);
    assertThat(spec.responseStartTimeoutSeconds()).isNull();
    assertThat(ResourceKind.lookup("rev")).contains(ResourceKind.REVISION);
    assertThat(ResourceKind.lookup("config")).contains(ResourceKind.CONFIGURATION);
    assertThat(ResourceKind.lookup("routes")).contains(ResourceKind.ROUTE);
  }
}
