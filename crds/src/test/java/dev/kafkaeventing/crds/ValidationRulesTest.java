package dev.kafkaeventing.crds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One invalid document per row, and the exact error line users see. */
class ValidationRulesTest {

  private static final String TRIGGER_HEAD = """
      apiVersion: eventing.knative.dev/v1
      kind: Trigger
      metadata:
        name: t
      spec:
      """;

  private static final String SUBSCRIBER = """
        subscriber:
          uri: http://example.com/
      """;

  static Stream<Arguments> invalidDocuments() {
    return Stream.of(
        row("syntax error", "kind: Broker\nmetadata:\n  name: b\n   namespace: x\n",
            "t.yaml: document 1: YAML syntax error at line 4, column 13: mapping values are not allowed here"),
        row("tab indentation", "kind: Broker\nmetadata:\n\tname: b\n",
            "t.yaml: document 1: YAML syntax error at line 3, column 1: while scanning for the next token: "
                + "found character '\\t(TAB)' that cannot start any token. (Do not use \\t(TAB) for indentation)"),
        row("unknown kind", "apiVersion: example.com/v1\nkind: Foo\nmetadata:\n  name: f\n",
            "t.yaml: document 1 (Foo f): kind: unsupported kind 'Foo' (apiVersion 'example.com/v1'); "
                + "supported: " + ResourceKind.supportedList()),
        row("unsupported version", "apiVersion: eventing.knative.dev/v1beta1\nkind: Broker\nmetadata:\n  name: b\n",
            "t.yaml: document 1 (Broker b): apiVersion: 'eventing.knative.dev/v1beta1' is not supported "
                + "for kind Broker; use eventing.knative.dev/v1"),
        row("missing kind", "apiVersion: eventing.knative.dev/v1\nmetadata:\n  name: b\n",
            "t.yaml: document 1: kind: required"),
        row("missing metadata", "apiVersion: eventing.knative.dev/v1\nkind: Broker\n",
            "t.yaml: document 1 (Broker): metadata.name: required"),
        row("missing name", "apiVersion: eventing.knative.dev/v1\nkind: Broker\nmetadata:\n  namespace: x\n",
            "t.yaml: document 1 (Broker): metadata.name: required"),
        row("bad name", "apiVersion: eventing.knative.dev/v1\nkind: Broker\nmetadata:\n  name: My_Broker\n",
            "t.yaml: document 1 (Broker My_Broker): metadata.name: 'My_Broker' is invalid: must consist of "
                + "lower case alphanumeric characters, '-' or '.', and must start and end with an "
                + "alphanumeric character (DNS-1123 subdomain)"),
        row("service name not a DNS-1035 label",
            "apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata:\n  name: 1svc\nspec:\n  template:\n"
                + "    spec:\n      containers:\n      - image: example.com/app\n",
            "t.yaml: document 1 (Service 1svc): metadata.name: '1svc' is invalid: must consist of lower case "
                + "alphanumeric characters or '-', start with a letter and end with an alphanumeric "
                + "character (DNS-1035 label)"),
        row("bad namespace", "apiVersion: eventing.knative.dev/v1\nkind: Broker\nmetadata:\n  name: b\n  namespace: a.b\n",
            "t.yaml: document 1 (Broker b): metadata.namespace: 'a.b' is invalid: must consist of lower case "
                + "alphanumeric characters or '-', and must start and end with an alphanumeric character "
                + "(DNS-1123 label)"),
        row("bad label value", "apiVersion: eventing.knative.dev/v1\nkind: Broker\nmetadata:\n  name: b\n  labels:\n    team: a b\n",
            "t.yaml: document 1 (Broker b): metadata.labels[team]: 'a b' is invalid: a label value must be at "
                + "most 63 characters of alphanumerics, '-', '_' or '.', starting and ending with an "
                + "alphanumeric character"),
        row("unknown top-level field", "apiVersion: eventing.knative.dev/v1\nkind: Broker\nmetadata:\n  name: b\nspc: {}\n",
            "t.yaml: document 1 (Broker b): spc: unknown field (did you mean spec?)"),
        row("unknown metadata field", "apiVersion: eventing.knative.dev/v1\nkind: Broker\nmetadata:\n  name: b\n  namspace: x\n",
            "t.yaml: document 1 (Broker b): metadata.namspace: unknown field (did you mean metadata.namespace?)"),
        row("spec not an object", "apiVersion: eventing.knative.dev/v1\nkind: Broker\nmetadata:\n  name: b\nspec: [1]\n",
            "t.yaml: document 1 (Broker b): spec: must be an object, found a list"),
        row("bad duration", TRIGGER_HEAD + "  broker: default\n  delivery:\n    backoffDelay: PT1X\n" + SUBSCRIBER,
            "t.yaml: document 1 (Trigger t): spec.delivery.backoffDelay: 'PT1X' is not an ISO-8601 duration"),
        row("zero timeout", TRIGGER_HEAD + "  broker: default\n  delivery:\n    timeout: PT0S\n" + SUBSCRIBER,
            "t.yaml: document 1 (Trigger t): spec.delivery.timeout: 'PT0S' must be greater than zero"),
        row("negative retry", TRIGGER_HEAD + "  broker: default\n  delivery:\n    retry: -1\n" + SUBSCRIBER,
            "t.yaml: document 1 (Trigger t): spec.delivery.retry: must be >= 0, was -1"),
        row("retry as a string", TRIGGER_HEAD + "  broker: default\n  delivery:\n    retry: \"3\"\n" + SUBSCRIBER,
            "t.yaml: document 1 (Trigger t): spec.delivery.retry: must be an integer, found string '3'"),
        row("unknown backoffPolicy", TRIGGER_HEAD + "  broker: default\n  delivery:\n    backoffPolicy: fast\n" + SUBSCRIBER,
            "t.yaml: document 1 (Trigger t): spec.delivery.backoffPolicy: 'fast' is not one of: exponential, linear"),
        row("destination with neither ref nor uri", TRIGGER_HEAD + "  broker: default\n  subscriber: {}\n",
            "t.yaml: document 1 (Trigger t): spec.subscriber: expected ref or uri, got neither"),
        row("dead letter sink with neither ref nor uri",
            TRIGGER_HEAD + "  broker: default\n  delivery:\n    deadLetterSink: {}\n" + SUBSCRIBER,
            "t.yaml: document 1 (Trigger t): spec.delivery.deadLetterSink: expected ref or uri, got neither"),
        row("relative uri without ref", TRIGGER_HEAD + "  broker: default\n  subscriber:\n    uri: /events\n",
            "t.yaml: document 1 (Trigger t): spec.subscriber.uri: '/events' is not an absolute URI (with scheme "
                + "and host); a relative URI needs a ref to resolve against"),
        row("ftp subscriber", TRIGGER_HEAD + "  broker: default\n  subscriber:\n    uri: ftp://files.example.com/in\n",
            "t.yaml: document 1 (Trigger t): spec.subscriber.uri: 'ftp://files.example.com/in' has scheme 'ftp'; "
                + "events are delivered over HTTP: use an http:// or https:// URI"),
        row("gopher reply", "apiVersion: messaging.knative.dev/v1\nkind: Subscription\nmetadata:\n  name: s\n"
                + "spec:\n  channel: {apiVersion: messaging.knative.dev/v1, kind: Channel, name: c}\n"
                + "  reply:\n    uri: gopher://example.com/\n",
            "t.yaml: document 1 (Subscription s): spec.reply.uri: 'gopher://example.com/' has scheme 'gopher'; "
                + "events are delivered over HTTP: use an http:// or https:// URI"),
        row("dead letter sink without host", TRIGGER_HEAD + "  broker: default\n" + SUBSCRIBER
                + "  delivery:\n    deadLetterSink:\n      uri: http://user@:8080/dls\n",
            "t.yaml: document 1 (Trigger t): spec.delivery.deadLetterSink.uri: 'http://user@:8080/dls' has no host "
                + "(expected http://host[:port]/path)"),
        row("source sink with mailto scheme", "apiVersion: sources.knative.dev/v1\nkind: PingSource\nmetadata:\n"
                + "  name: p\nspec:\n  schedule: '* * * * *'\n  sink:\n    uri: mailto://ops@example.com\n",
            "t.yaml: document 1 (PingSource p): spec.sink.uri: 'mailto://ops@example.com' has scheme 'mailto'; "
                + "events are delivered over HTTP: use an http:// or https:// URI"),
        row("absolute uri with ref", TRIGGER_HEAD + "  broker: default\n  subscriber:\n    uri: http://x/\n"
                + "    ref:\n      apiVersion: v1\n      kind: Service\n      name: s\n",
            "t.yaml: document 1 (Trigger t): spec.subscriber.uri: absolute URI 'http://x/' is not allowed "
                + "together with ref; use a relative path, or drop ref"),
        row("ref without name", TRIGGER_HEAD + "  broker: default\n  subscriber:\n    ref:\n      apiVersion: v1\n      kind: Service\n",
            "t.yaml: document 1 (Trigger t): spec.subscriber.ref.name: required"),
        row("trigger without broker", TRIGGER_HEAD + SUBSCRIBER,
            "t.yaml: document 1 (Trigger t): spec.broker: required"),
        row("trigger without subscriber", TRIGGER_HEAD + "  broker: default\n",
            "t.yaml: document 1 (Trigger t): spec.subscriber: required"),
        row("trigger without spec", "apiVersion: eventing.knative.dev/v1\nkind: Trigger\nmetadata:\n  name: t\n",
            "t.yaml: document 1 (Trigger t): spec.broker: required\n"
                + "t.yaml: document 1 (Trigger t): spec.subscriber: required"),
        row("filter attribute not a CloudEvents name",
            TRIGGER_HEAD + "  broker: default\n  filter:\n    attributes:\n      Type: x\n" + SUBSCRIBER,
            "t.yaml: document 1 (Trigger t): spec.filter.attributes[Type]: 'Type' is invalid: a CloudEvents "
                + "attribute name must consist of lower case letters and digits only"),
        row("empty filter", TRIGGER_HEAD + "  broker: default\n  filters:\n  - {}\n" + SUBSCRIBER,
            "t.yaml: document 1 (Trigger t): spec.filters[0]: a filter must name a dialect (exact, prefix, "
                + "suffix, all, any, not, cesql)"),
        row("config map value not a string",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  default.topic.partitions: 10\n",
            "t.yaml: document 1 (ConfigMap c): data[default.topic.partitions]: must be a string, found number 10; "
                + "quote the value"),
        row("subscription with neither subscriber nor reply",
            "apiVersion: messaging.knative.dev/v1\nkind: Subscription\nmetadata:\n  name: s\nspec:\n  channel:\n"
                + "    apiVersion: messaging.knative.dev/v1\n    kind: Channel\n    name: c\n",
            "t.yaml: document 1 (Subscription s): spec: expected subscriber or reply, got neither"),
        row("sequence without steps", "apiVersion: flows.knative.dev/v1\nkind: Sequence\nmetadata:\n  name: s\nspec:\n  steps: []\n",
            "t.yaml: document 1 (Sequence s): spec.steps: required: at least one step"),
        row("parallel branch without subscriber",
            "apiVersion: flows.knative.dev/v1\nkind: Parallel\nmetadata:\n  name: p\nspec:\n  branches:\n  - filter:\n      uri: http://f/\n",
            "t.yaml: document 1 (Parallel p): spec.branches[0].subscriber: required"),
        row("kafka channel with zero partitions",
            "apiVersion: messaging.knative.dev/v1beta1\nkind: KafkaChannel\nmetadata:\n  name: k\nspec:\n  numPartitions: 0\n",
            "t.yaml: document 1 (KafkaChannel k): spec.numPartitions: must be >= 1, was 0"),
        row("ping source with bad schedule",
            "apiVersion: sources.knative.dev/v1\nkind: PingSource\nmetadata:\n  name: p\nspec:\n  schedule: '* * *'\n"
                + "  sink:\n    uri: http://x/\n",
            "t.yaml: document 1 (PingSource p): spec.schedule: '* * *' must have 5 cron fields (minute hour "
                + "day-of-month month day-of-week), found 3"),
        row("ping source without sink",
            "apiVersion: sources.knative.dev/v1\nkind: PingSource\nmetadata:\n  name: p\nspec:\n  schedule: '@hourly'\n",
            "t.yaml: document 1 (PingSource p): spec.sink: required"),
        row("kafka source without topics",
            "apiVersion: sources.knative.dev/v1beta1\nkind: KafkaSource\nmetadata:\n  name: k\nspec:\n"
                + "  bootstrapServers: [kafka:9092]\n  sink:\n    uri: http://x/\n",
            "t.yaml: document 1 (KafkaSource k): spec.topics: required: at least one value"),
        row("kafka sink without topic",
            "apiVersion: eventing.knative.dev/v1alpha1\nkind: KafkaSink\nmetadata:\n  name: k\nspec:\n"
                + "  bootstrapServers: [kafka:9092]\n",
            "t.yaml: document 1 (KafkaSink k): spec.topic: required"),
        row("container source without image",
            "apiVersion: sources.knative.dev/v1\nkind: ContainerSource\nmetadata:\n  name: c\nspec:\n  template:\n"
                + "    spec:\n      containers:\n      - name: x\n  sink:\n    uri: http://x/\n",
            "t.yaml: document 1 (ContainerSource c): spec.template.spec.containers[0].image: required"),
        row("sink binding subject with name and selector",
            "apiVersion: sources.knative.dev/v1\nkind: SinkBinding\nmetadata:\n  name: s\nspec:\n  subject:\n"
                + "    apiVersion: apps/v1\n    kind: Deployment\n    name: d\n    selector:\n      matchLabels: {app: a}\n"
                + "  sink:\n    uri: http://x/\n",
            "t.yaml: document 1 (SinkBinding s): spec.subject: expected exactly one of name and selector, got both"),
        row("api server source without resources",
            "apiVersion: sources.knative.dev/v1\nkind: ApiServerSource\nmetadata:\n  name: a\nspec:\n"
                + "  sink:\n    uri: http://x/\n",
            "t.yaml: document 1 (ApiServerSource a): spec.resources: required: at least one resource"),
        row("service without template",
            "apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata:\n  name: s\n",
            "t.yaml: document 1 (Service s): spec.template: required"));
  }

  private static Arguments row(String description, String yaml, String expected) {
    return Arguments.of(description, yaml, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidDocuments")
  void shouldReportTheFieldAndReasonWhenDocumentIsInvalid(String description, String yaml,
      String expected) {
    ResourceValidationException e =
        catchThrowableOfType(ResourceValidationException.class, () -> ResourceParser.parse("t.yaml", yaml));

    assertThat(e).as(description).isNotNull();
    assertThat(e.getMessage()).isEqualTo(expected);
  }
}
