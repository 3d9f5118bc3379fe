package dev.kafkaeventing.crds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The CRD manifests in {@code crds/} against {@link ResourceKind} and the Knative docs' examples. */
class CrdManifestsTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @ParameterizedTest
  @EnumSource(value = ResourceKind.class, names = {"CONFIG_MAP", "SECRET"}, mode = EnumSource.Mode.EXCLUDE)
  void shouldDescribeEveryServedKindWhenManifestIsParsed(ResourceKind kind) {
    JsonNode crd = crd(kind);

    JsonNode spec = crd.path("spec");
    assertThat(crd.path("metadata").path("name").asText()).isEqualTo(kind.fullName());
    assertThat(spec.path("group").asText()).isEqualTo(kind.group());
    assertThat(spec.path("scope").asText()).isEqualTo("Namespaced");
    assertThat(spec.path("names").path("kind").asText()).isEqualTo(kind.kind());
    assertThat(spec.path("names").path("plural").asText()).isEqualTo(kind.plural());
    assertThat(spec.path("names").path("singular").asText()).isEqualTo(kind.singular());
    assertThat(texts(spec.path("names").path("shortNames"))).containsExactlyElementsOf(kind.shortNames());
    assertThat(texts(spec.path("names").path("categories"))).contains("all", "knative");
    assertThat(texts(spec.path("versions"), "name"))
        .containsAll(kind.apiVersions().stream().map(v -> v.substring(v.indexOf('/') + 1)).toList());
    assertThat(texts(spec.path("versions"), "storage")).containsOnlyOnce("true");
    for (JsonNode version : spec.path("versions")) {
      assertThat(version.path("subresources").has("status")).isTrue();
      assertThat(texts(version.path("additionalPrinterColumns"), "name")).endsWith("Ready", "Reason");
      assertThat(StructuralSchema.structuralProblems(schema(version), "")).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(value = ResourceKind.class, names = "TRIGGER")
  void shouldShowKnativesTriggerColumnsWhenKubectlGetsTriggers(ResourceKind kind) {
    JsonNode version = crd(kind).path("spec").path("versions").get(0);

    List<String> columns = texts(version.path("additionalPrinterColumns"), "name");

    // kubectl adds NAME first: NAME, BROKER, SUBSCRIBER_URI, AGE, READY, REASON.
    assertThat(columns).containsExactly("Broker", "Subscriber_URI", "Age", "Ready", "Reason");
  }

  static Stream<Arguments> knativeDocsExamples() throws IOException {
    List<Arguments> examples = new ArrayList<>();
    Path dir = Path.of("src/test/resources/knative-docs");
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.sorted().toList()) {
        for (JsonNode document : YAML.readValues(YAML.createParser(file.toFile()), JsonNode.class).readAll()) {
          ResourceKind kind = ResourceKind.of(document.path("apiVersion").asText(), document.path("kind").asText())
              .orElseThrow();
          if (!kind.group().isEmpty()) {
            examples.add(Arguments.of(file.getFileName() + " " + kind.kind(), kind, document));
          }
        }
      }
    }
    return examples.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("knativeDocsExamples")
  void shouldAcceptTheKnativeDocsExampleWhenValidatedAgainstItsCrd(String name, ResourceKind kind, JsonNode document) {
    JsonNode schema = schemaFor(kind, document.path("apiVersion").asText());

    List<String> errors = StructuralSchema.validate(schema, document, "");

    assertThat(errors).isEmpty();
  }

  static Stream<Arguments> wrongTypes() {
    return Stream.of(
        Arguments.of(ResourceKind.TRIGGER, "{spec: {broker: 5, subscriber: {uri: 'http://x'}}}", ".spec.broker: expected string"),
        Arguments.of(ResourceKind.BROKER, "{spec: {delivery: {retry: three}}}", ".spec.delivery.retry: expected integer"),
        Arguments.of(ResourceKind.TRIGGER, "{spec: {broker: default}}", ".spec.subscriber: required"),
        Arguments.of(ResourceKind.KAFKA_SOURCE, "{spec: {topics: orders}}", ".spec.topics: expected array"),
        Arguments.of(ResourceKind.PING_SOURCE, "{spec: {sink: {ref: {name: [a]}}}}", ".spec.sink.ref.name: expected string"),
        Arguments.of(ResourceKind.SUBSCRIPTION, "{spec: {channel: {name: c}, delivery: {backoffPolicy: cubic}}}",
            ".spec.delivery.backoffPolicy: \"cubic\" is not one of"));
  }

  @ParameterizedTest
  @MethodSource("wrongTypes")
  void shouldRejectTheObjectWhenAFieldHasTheWrongType(ResourceKind kind, String yaml, String expected) throws IOException {
    JsonNode document = YAML.readTree(yaml);

    List<String> errors = StructuralSchema.validate(schemaFor(kind, kind.apiVersion()), document, "");

    assertThat(errors).anySatisfy(error -> assertThat(error).startsWith(expected));
  }

  private static JsonNode schemaFor(ResourceKind kind, String apiVersion) {
    String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
    for (JsonNode served : crd(kind).path("spec").path("versions")) {
      if (served.path("name").asText().equals(version)) {
        return schema(served);
      }
    }
    throw new AssertionError(kind.fullName() + " does not serve " + apiVersion);
  }

  private static JsonNode schema(JsonNode version) {
    return version.path("schema").path("openAPIV3Schema");
  }

  private static JsonNode crd(ResourceKind kind) {
    String resource = "/crds/" + kind.fullName() + ".yaml";
    try (InputStream in = CrdManifestsTest.class.getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      return YAML.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(n -> texts.add(n.asText()));
    return texts;
  }

  private static List<String> texts(JsonNode array, String field) {
    List<String> texts = new ArrayList<>();
    array.forEach(n -> texts.add(n.path(field).asText()));
    return Arrays.asList(texts.toArray(String[]::new));
  }
}
