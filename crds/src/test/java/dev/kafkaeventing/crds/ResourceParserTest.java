package dev.kafkaeventing.crds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceParserTest {

  private static final String BROKER = """
      apiVersion: eventing.knative.dev/v1
      kind: Broker
      metadata:
        name: default
      """;

  private static final String TRIGGER = """
      apiVersion: eventing.knative.dev/v1
      kind: Trigger
      metadata:
        name: my-trigger
      spec:
        broker: default
        subscriber:
          uri: http://example.com/events
      """;

  @Test
  void shouldSkipEmptyDocumentsWhenStreamHasBlankAndCommentOnlyDocuments() {
    String yaml = "---\n" + BROKER + "---\n\n---\n# just a comment\n---\n" + TRIGGER + "...\n";

    List<Resource> resources = ResourceParser.parse("all.yaml", yaml);

    assertThat(resources).extracting(r -> r.key().toString())
        .containsExactly("Broker/default/default", "Trigger/default/my-trigger");
  }

  @Test
  void shouldExpandItemsWhenDocumentIsAList() {
    String yaml = """
        apiVersion: v1
        kind: List
        items:
        - apiVersion: eventing.knative.dev/v1
          kind: Broker
          metadata:
            name: one
        - apiVersion: eventing.knative.dev/v1
          kind: Broker
          metadata:
            name: two
            namespace: team-a
        """;

    List<Resource> resources = ResourceParser.parse("list.yaml", yaml);

    assertThat(resources).extracting(r -> r.key().toString())
        .containsExactly("Broker/default/one", "Broker/team-a/two");
  }

  @Test
  void shouldReportItemPathWhenListItemIsInvalid() {
    String yaml = """
        apiVersion: v1
        kind: List
        items:
        - apiVersion: eventing.knative.dev/v1
          kind: Trigger
          metadata:
            name: t
          spec:
            subscriber:
              uri: http://example.com
        """;

    ResourceValidationException e =
        catchThrowableOfType(ResourceValidationException.class, () -> ResourceParser.parse("list.yaml", yaml));

    assertThat(e.getMessage()).isEqualTo("list.yaml: document 1 (Trigger t): items[0].spec.broker: required");
  }

  @Test
  void shouldUseGivenNamespaceWhenDocumentNamesNone() {
    String yaml = BROKER + "---\n" + BROKER.replace("name: default", "name: other\n  namespace: team-b");

    List<Resource> resources = ResourceParser.parse("b.yaml", yaml, "team-a");

    assertThat(resources).extracting(r -> r.metadata().namespace()).containsExactly("team-a", "team-b");
  }

  @Test
  void shouldReportEveryErrorOfEveryDocumentWhenSeveralDocumentsAreInvalid() {
    String yaml = BROKER.replace("name: default", "namespace: x") + "---\n"
        + TRIGGER.replace("subscriber:", "delivery:\n    backoffDelay: PT1X\n    retry: -1\n  subscriber:")
        + "---\n" + BROKER;

    ResourceValidationException e =
        catchThrowableOfType(ResourceValidationException.class, () -> ResourceParser.parse("broker.yaml", yaml));

    assertThat(e.getMessage().lines()).containsExactly(
        "broker.yaml: document 1 (Broker): metadata.name: required",
        "broker.yaml: document 2 (Trigger my-trigger): spec.delivery.retry: must be >= 0, was -1",
        "broker.yaml: document 2 (Trigger my-trigger): spec.delivery.backoffDelay: 'PT1X' is not an ISO-8601 duration");
    assertThat(e.errors().get(2)).isEqualTo(new ValidationError("broker.yaml", 2, "Trigger",
        "my-trigger", "spec.delivery.backoffDelay", "'PT1X' is not an ISO-8601 duration"));
  }

  @Test
  void shouldReportFileLineWhenSyntaxErrorIsInALaterDocument() {
    String yaml = BROKER + "---\n" + """
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata:
          name: b
           namespace: x
        """;

    ResourceValidationException e =
        catchThrowableOfType(ResourceValidationException.class, () -> ResourceParser.parse("b.yaml", yaml));

    assertThat(e.errors()).singleElement().satisfies(error -> {
      assertThat(error.documentIndex()).isEqualTo(2);
      assertThat(error.message()).startsWith("YAML syntax error at line 10, column 13: ");
    });
  }

  @Test
  void shouldStillCheckOtherDocumentsWhenOneHasASyntaxError() {
    String yaml = "a: [1, 2\n---\n" + TRIGGER.replace("broker: default", "broker: ''");

    ResourceValidationException e =
        catchThrowableOfType(ResourceValidationException.class, () -> ResourceParser.parse("x.yaml", yaml));

    assertThat(e.getMessage().lines()).hasSize(2)
        .anySatisfy(l -> assertThat(l).startsWith("x.yaml: document 1: YAML syntax error at line 2, column 1"))
        .contains("x.yaml: document 2 (Trigger my-trigger): spec.broker: required");
  }

  @Test
  void shouldReportDuplicateKeyWithLineWhenAMappingRepeatsAKey() {
    String yaml = BROKER + "metadata:\n  name: again\n";

    ResourceValidationException e =
        catchThrowableOfType(ResourceValidationException.class, () -> ResourceParser.parse("d.yaml", yaml));

    assertThat(e.getMessage()).startsWith("d.yaml: document 1: YAML syntax error at line 5")
        .contains("duplicate key 'metadata'");
  }

  @Test
  void shouldRejectSecondDefinitionWhenTwoDocumentsDefineTheSameResource() {
    String yaml = BROKER + "---\n" + BROKER;

    ResourceValidationException e =
        catchThrowableOfType(ResourceValidationException.class, () -> ResourceParser.parse("b.yaml", yaml));

    assertThat(e.getMessage()).isEqualTo("b.yaml: document 2 (Broker default): metadata.name: "
        + "duplicate: Broker default/default is also defined in document 1");
  }

  @Test
  void shouldParseJsonWhenInputIsJson() {
    String json = """
        {"apiVersion": "eventing.knative.dev/v1", "kind": "Broker", "metadata": {"name": "j"}}
        """;

    List<Resource> resources = ResourceParser.parse("b.json", json);

    assertThat(resources).singleElement().extracting(r -> r.metadata().name()).isEqualTo("j");
  }

  @Test
  void shouldReturnNothingWhenInputIsEmpty() {
    assertThat(ResourceParser.parse("empty.yaml", "\n# nothing here\n---\n")).isEmpty();
  }

  @Test
  void shouldPointAtEndOfFileWhenLastDocumentIsTruncated() {
    String yaml = BROKER + "---\nfoo: [\n";

    ResourceValidationException e =
        catchThrowableOfType(ResourceValidationException.class, () -> ResourceParser.parse("t.yaml", yaml));

    assertThat(e.getMessage()).isEqualTo("t.yaml: document 2: YAML syntax error at line 7, column 1: "
        + "while parsing a flow node: expected the node content, but found '<stream end>'");
  }
}
