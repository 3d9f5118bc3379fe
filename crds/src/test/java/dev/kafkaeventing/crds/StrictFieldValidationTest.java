package dev.kafkaeventing.crds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Unknown fields anywhere in a spec are refused on apply with their path and, when a known name
 * is close, a suggestion; free-form maps stay free-form.
 */
class StrictFieldValidationTest {

  private static final String SINK = "  sink:\n    uri: http://example.com/\n";

  static Stream<Arguments> typos() {
    return Stream.of(
        row(trigger("  filtr:\n    attributes:\n      type: a\n"),
            "spec.filtr: unknown field (did you mean spec.filter?)"),
        row(trigger("  delivery:\n    retires: 3\n"),
            "spec.delivery.retires: unknown field (did you mean spec.delivery.retry?)"),
        row(trigger("  delivery:\n    deadLeterSink:\n      uri: http://example.com/\n"),
            "spec.delivery.deadLeterSink: unknown field (did you mean spec.delivery.deadLetterSink?)"),
        row(trigger("  delivery:\n    deadLetterSink:\n      ref:\n        apiVersion: v1\n"
                + "        kind: Service\n        name: s\n        namepsace: x\n"),
            "spec.delivery.deadLetterSink.ref.namepsace: unknown field "
                + "(did you mean spec.delivery.deadLetterSink.ref.namespace?)"),
        row(trigger("  filter:\n    attribute:\n      type: a\n"),
            "spec.filter.attribute: unknown field (did you mean spec.filter.attributes?)"),
        row(trigger("  subscriber2: {}\n"), "spec.subscriber2: unknown field (did you mean spec.subscriber?)"),
        row(trigger("  color: blue\n"), "spec.color: unknown field"),
        row(doc("messaging.knative.dev/v1beta1", "KafkaChannel", "  topic: t\n"), "spec.topic: unknown field"),
        row(doc("eventing.knative.dev/v1", "Broker", "  confg:\n    apiVersion: v1\n    kind: ConfigMap\n    name: c\n"),
            "spec.confg: unknown field (did you mean spec.config?)"),
        row(doc("messaging.knative.dev/v1", "Channel", "  channelTemplate:\n    apiVersion: messaging.knative.dev/v1beta1\n"
                + "    kind: KafkaChannel\n    spec:\n      numPartitons: 3\n"),
            "spec.channelTemplate.spec.numPartitons: unknown field "
                + "(did you mean spec.channelTemplate.spec.numPartitions?)"),
        row(doc("messaging.knative.dev/v1", "InMemoryChannel", "  delivry: {}\n"),
            "spec.delivry: unknown field (did you mean spec.delivery?)"),
        row(doc("messaging.knative.dev/v1beta1", "KafkaChannel", "  partitions: 3\n"),
            "spec.partitions: unknown field (did you mean spec.numPartitions?)"),
        row(doc("messaging.knative.dev/v1", "Subscription", "  channel:\n    apiVersion: messaging.knative.dev/v1\n"
                + "    kind: Channel\n    name: c\n  subscribr:\n    uri: http://example.com/\n"
                + "  reply:\n    uri: http://example.com/\n"),
            "spec.subscribr: unknown field (did you mean spec.subscriber?)"),
        row(doc("flows.knative.dev/v1", "Sequence", "  steps:\n    - uri: http://example.com/\n      delivary: {}\n"),
            "spec.steps[0].delivary: unknown field (did you mean spec.steps[0].delivery?)"),
        row(doc("flows.knative.dev/v1", "Parallel", "  branches:\n    - subscriber:\n        uri: http://example.com/\n"
                + "      replay:\n        uri: http://example.com/\n"),
            "spec.branches[0].replay: unknown field (did you mean spec.branches[0].reply?)"),
        row(doc("sources.knative.dev/v1", "PingSource", "  schedule: '* * * * *'\n  timeZone: UTC\n" + SINK),
            "spec.timeZone: unknown field (did you mean spec.timezone?)"),
        row(doc("sources.knative.dev/v1", "PingSource", "  schedule: '* * * * *'\n" + SINK
                + "  ceOverrides:\n    extension:\n      a: b\n"),
            "spec.ceOverrides.extension: unknown field (did you mean spec.ceOverrides.extensions?)"),
        row(doc("sources.knative.dev/v1", "ContainerSource", "  template:\n    spec:\n      containers:\n"
                + "        - image: x\n    metdata: {}\n" + SINK),
            "spec.template.metdata: unknown field (did you mean spec.template.metadata?)"),
        row(doc("sources.knative.dev/v1", "SinkBinding", "  subject:\n    apiVersion: apps/v1\n"
                + "    kind: Deployment\n    name: d\n    namespce: x\n" + SINK),
            "spec.subject.namespce: unknown field (did you mean spec.subject.namespace?)"),
        row(doc("sources.knative.dev/v1", "ApiServerSource", "  resources:\n    - apiVersion: v1\n"
                + "      kind: Event\n      selecter: {}\n" + SINK),
            "spec.resources[0].selecter: unknown field (did you mean spec.resources[0].selector?)"),
        row(doc("sources.knative.dev/v1beta1", "KafkaSource", "  bootstrapServers: [k:9092]\n"
                + "  topics: [t]\n  consumergroup: g\n" + SINK),
            "spec.consumergroup: unknown field (did you mean spec.consumerGroup?)"),
        row(doc("eventing.knative.dev/v1alpha1", "KafkaSink", "  topic: t\n  bootstrapServers: [k:9092]\n"
                + "  contentmode: binary\n"),
            "spec.contentmode: unknown field (did you mean spec.contentMode?)"),
        row(doc("serving.knative.dev/v1", "Service", "  template:\n    spec:\n      containers:\n"
                + "        - image: x\n  trafic: []\n"),
            "spec.trafic: unknown field (did you mean spec.traffic?)"),
        row("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndta:\n  a: b\n",
            "dta: unknown field (did you mean data?)"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("typos")
  void shouldRefuseUnknownFieldWithPathAndSuggestionWhenSpecHasTypo(String yaml, String expected) {
    ResourceValidationException e = catchThrowableOfType(
        () -> ResourceParser.parse("t.yaml", yaml), ResourceValidationException.class);

    assertThat(e).isNotNull();
    assertThat(e.errors()).extracting(ValidationError::fieldPath, ValidationError::message)
        .hasSize(1);
    assertThat(e.errors().get(0).toString()).endsWith(expected);
  }

  @Test
  void shouldAcceptFreeFormKeysWhenMapsAreFreeForm() {
    String yaml = """
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata:
          name: t
          labels:
            anything.example.com/x: y
          annotations:
            whatever: goes
        spec:
          broker: default
          filter:
            attributes:
              type: a
              myextension: b
          filters:
            - exact:
                anyattribute: x
          subscriber:
            ref:
              apiVersion: serving.knative.dev/v1
              kind: Service
              name: s
            uri: /path
            CACerts: |
              -----BEGIN CERTIFICATE-----
              MIIBdTCCARugAwIBAgIUT+7FgyYNrPKFG1IDdNI6TrvjS/owCgYIKoZIzj0EAwIw
              DzENMAsGA1UEAwwEdGVzdDAgFw0yNjEyMDYxNTQzMzdaGA8yMTI2MTExMjE1NDMz
              N1owDzENMAsGA1UEAwwEdGVzdDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABA06
              vyKpu78SabvA60ullQOQbvpNQJz2PS1jm+mdU/hayEZwewL3VGdaZBYjPzVXlaBy
              nqR4XcXkqxVP94++G4GjUzBRMB0GA1UdDgQWBBRifzjjKm8BF8NGKpC6vqFgemwt
              ETAfBgNVHSMEGDAWgBRifzjjKm8BF8NGKpC6vqFgemwtETAPBgNVHRMBAf8EBTAD
              AQH/MAoGCCqGSM49BAMCA0gAMEUCIAMnk51Be8kriP3m0QLAO4fxdWsL2ZYMYCbM
              j4x6bDPFAiEA05stESWYpQifIS5EPOm80x+X1HEjPHxt3uAAck39b/c=
              -----END CERTIFICATE-----
            audience: aud
          delivery:
            retry: 3
            format: json
        ---
        apiVersion: sources.knative.dev/v1
        kind: PingSource
        metadata:
          name: p
        spec:
          schedule: '* * * * *'
          data: '{"free": "form"}'
          ceOverrides:
            extensions:
              anyext: v
          sink:
            uri: http://example.com/
        ---
        apiVersion: sources.knative.dev/v1
        kind: ContainerSource
        metadata:
          name: c
        spec:
          template:
            spec:
              containers:
                - image: x
                  env:
                    - name: A
                      value: b
                  args: [--x]
          sink:
            uri: http://example.com/
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: m
        data:
          default.topic.partitions: "3"
          any.key: value
        """;

    assertThat(ResourceParser.parse("t.yaml", yaml)).hasSize(4);
  }

  @Test
  void shouldReadStoredSpecWhenItHasFieldsUnknownToThisVersion() {
    String json = """
        {"apiVersion":"eventing.knative.dev/v1","kind":"Trigger","metadata":{"name":"t",
        "namespace":"default"},"spec":{"broker":"default","legacy":1,
        "subscriber":{"uri":"http://example.com/"}}}""";

    Resource stored = Resource.fromJson(json.getBytes(StandardCharsets.UTF_8));

    assertThat(TriggerSpec.from(stored).broker()).isEqualTo("default");
    assertThat(ResourceValidator.validate(stored)).extracting(ValidationError::fieldPath)
        .containsExactly("spec.legacy");
  }

  private static String trigger(String specLines) {
    return doc("eventing.knative.dev/v1", "Trigger", "  broker: default\n  subscriber:\n"
        + "    uri: http://example.com/\n" + specLines);
  }

  private static String doc(String apiVersion, String kind, String specLines) {
    return "apiVersion: " + apiVersion + "\nkind: " + kind + "\nmetadata:\n  name: x\nspec:\n"
        + specLines;
  }

  private static Arguments row(String yaml, String expected) {
    return Arguments.of(yaml, expected);
  }
}
