package dev.kafkaeventing.crds;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kafkaeventing.crds.internal.Json;
import dev.kafkaeventing.crds.internal.Node;
import dev.kafkaeventing.crds.internal.Problems;
import dev.kafkaeventing.crds.internal.YamlDocuments;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads Knative YAML (or JSON, a subset of YAML) into validated {@link Resource}s: several
 * documents separated by {@code ---}, empty documents skipped, {@code kind: List} expanded.
 * Every document is checked in full (syntax, kind, metadata, spec through the kind's typed view)
 * and every problem in every document is reported together in one
 * {@link ResourceValidationException}. Nothing is returned unless everything is valid.
 *
 * <p>Stateless and thread-safe.
 */
public final class ResourceParser {

  private ResourceParser() {}

  /** Parses {@code yamlText}, putting resources without a namespace in {@code default}. */
  public static List<Resource> parse(String sourceName, String yamlText) {
    return parse(sourceName, yamlText, ObjectMeta.DEFAULT_NAMESPACE);
  }

  /**
   * Parses {@code yamlText}, putting resources without a namespace in {@code defaultNamespace}.
   *
   * @param sourceName names the input in error messages, such as a file name
   * @throws ResourceValidationException listing every problem found
   */
  public static List<Resource> parse(String sourceName, String yamlText, String defaultNamespace) {
    Run run = new Run(sourceName, defaultNamespace);
    int index = 0;
    for (YamlDocuments.Chunk chunk : YamlDocuments.split(yamlText)) {
      JsonNode document;
      try {
        document = Json.YAML.readTree(chunk.text());
      } catch (JsonProcessingException e) {
        run.errors.add(syntaxError(sourceName, ++index, chunk, e));
        continue;
      }
      if (document == null || document.isMissingNode() || document.isNull()) {
        continue;
      }
      run.document(++index, document);
    }
    if (!run.errors.isEmpty()) {
      throw new ResourceValidationException(run.errors);
    }
    return List.copyOf(run.resources);
  }

  /** The state of one parse: resources read so far, errors, and where each key was defined. */
  private static final class Run {
    private final String source;
    private final String defaultNamespace;
    private final List<Resource> resources = new ArrayList<>();
    private final List<ValidationError> errors = new ArrayList<>();
    private final Map<ResourceKey, Integer> definedIn = new HashMap<>();

    Run(String source, String defaultNamespace) {
      this.source = source;
      this.defaultNamespace = defaultNamespace;
    }

    void document(int index, JsonNode document) {
      if (document.isObject() && "List".equals(document.path("kind").asText())) {
        Problems problems = new Problems();
        List<Node> items = Node.root(document, "", problems).field("items").elements();
        errors.addAll(ValidationError.of(source, index, "List", null, problems));
        for (Node item : items) {
          item(index, item.value(), item.path());
        }
      } else {
        item(index, document, "");
      }
    }

    private void item(int index, JsonNode document, String prefix) {
      Problems problems = new Problems();
      DocumentReader.Result result =
          DocumentReader.read(document, prefix, defaultNamespace, problems, true);
      errors.addAll(ValidationError.of(source, index, result.kind(), result.name(), problems));
      Resource resource = result.resource();
      if (resource == null) {
        return;
      }
      Integer earlier = definedIn.putIfAbsent(resource.key(), index);
      if (earlier != null) {
        errors.add(new ValidationError(source, index, result.kind(), result.name(),
            prefix.isEmpty() ? "metadata.name" : prefix + ".metadata.name",
            "duplicate: " + resource + " is also defined in document " + earlier));
        return;
      }
      resources.add(resource);
    }
  }

  private static ValidationError syntaxError(String source, int index, YamlDocuments.Chunk chunk,
      JsonProcessingException e) {
    int line;
    int column;
    String problem;
    if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
      Mark mark = marked.getProblemMark();
      line = mark.getLine() + 1;
      column = mark.getColumn() + 1;
      problem = marked.getContext() == null
          ? marked.getProblem()
          : marked.getContext() + ": " + marked.getProblem();
    } else {
      JsonLocation location = e.getLocation();
      line = location == null ? 1 : location.getLineNr();
      column = location == null ? 1 : location.getColumnNr();
      problem = e.getOriginalMessage().replace("Duplicate field", "duplicate key");
    }
    return new ValidationError(source, index, null, null, "",
        "YAML syntax error at line " + (line + chunk.firstLine() - 1) + ", column " + column + ": "
            + problem);
  }
}
