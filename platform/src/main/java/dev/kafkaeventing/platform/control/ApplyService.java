package dev.kafkaeventing.platform.control;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kafkaeventing.core.control.ApplyWarnings;
import dev.kafkaeventing.core.control.ResourceRepository;
import dev.kafkaeventing.crds.ObjectMeta;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.crds.ResourceParser;
import dev.kafkaeventing.crds.ResourceValidationException;
import dev.kafkaeventing.crds.ResourceValidator;
import dev.kafkaeventing.crds.ValidationError;
import dev.kafkaeventing.filter.EventFilters;
import dev.kafkaeventing.filter.FilterException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Applies and deletes resources for the admin API: all documents are parsed and validated first
 * (syntax, fields, filters, immutable fields, the Kafka names they derive: within Kafka's limit and
 * used by no other resource); only when all are valid is anything written.
 *
 * <p>Thread-safe; calls block until the store has acknowledged and read back every write.
 */
public final class ApplyService {

  /**
   * One YAML text, the name it came from (a file path, {@code <stdin>}), and the namespace for
   * resources that name none (null: {@code default}).
   */
  public record Document(String source, String content, String namespace) {

    public Document(String source, String content) {
      this(source, content, null);
    }

    List<Resource> parse() {
      return namespace == null
          ? ResourceParser.parse(source, content)
          : ResourceParser.parse(source, content, namespace);
    }
  }

  /** What happened to one resource: {@code created}, {@code configured}, {@code unchanged}, {@code deleted}. */
  public record Outcome(Resource resource, String action) {

    /** kubectl's way of naming a resource: {@code broker.eventing.knative.dev/default}. */
    public String displayName() {
      ResourceKind kind = resource.resourceKind();
      String group = kind.group().isEmpty() ? "" : "." + kind.group();
      return kind.kind().toLowerCase() + group + "/" + resource.metadata().name();
    }
  }

  /**
   * What {@code apply} did, and what it warns about (keys a Broker ignores...): warnings never
   * stop an apply, as kubectl's do not.
   */
  public record Applied(List<Outcome> outcomes, List<String> warnings) {

    public Applied {
      outcomes = List.copyOf(outcomes);
      warnings = List.copyOf(warnings);
    }
  }

  private static final long WRITE_TIMEOUT_SECONDS = 30;

  private final ResourceRepository repository;
  private final Clock clock;
  private final DerivedNames names;
  private final List<ApplyWarnings> warnings;

  /**
   * @param names the Kafka names resources derive (see {@link ControlPlane#derivedNames()})
   * @param warnings what the modules warn about (see {@link ControlPlane#applyWarnings()})
   */
  public ApplyService(ResourceRepository repository, Clock clock, DerivedNames names, List<ApplyWarnings> warnings) {
    this.repository = repository;
    this.clock = clock;
    this.names = names;
    this.warnings = List.copyOf(warnings);
  }

  public Applied apply(List<Document> documents) throws Exception {
    List<Resource> declared = parseAndValidate(documents);
    List<String> warned = warnings(declared);
    List<Outcome> outcomes = new ArrayList<>();
    List<CompletableFuture<Void>> writes = new ArrayList<>();
    for (Resource resource : declared) {
      Optional<Resource> existing = repository.get(resource.key());
      Outcome outcome = stamp(resource, existing.orElse(null));
      outcomes.add(outcome);
      if (!outcome.action().equals("unchanged")) {
        writes.add(repository.putSpec(outcome.resource()));
      }
    }
    CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new))
        .get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    return new Applied(outcomes, warned);
  }

  /** The modules' warnings about the declared resources, each once, seeing the batch before the store. */
  private List<String> warnings(List<Resource> declared) {
    Map<ResourceKey, Resource> batch = new LinkedHashMap<>();
    declared.forEach(resource -> batch.put(resource.key(), resource));
    Function<ResourceKey, Optional<Resource>> lookup =
        key -> batch.containsKey(key) ? Optional.of(batch.get(key)) : repository.get(key);
    Set<String> warned = new LinkedHashSet<>();
    warnings.forEach(module -> warned.addAll(module.warnings(declared, lookup)));
    return List.copyOf(warned);
  }

  /**
   * Deletes what the documents name; names that do not exist are reported, not an error. The deletes
   * are written together and awaited once, as {@link #apply} writes, not one round trip each.
   */
  public List<Outcome> delete(List<Document> documents) throws Exception {
    List<Outcome> outcomes = new ArrayList<>();
    List<CompletableFuture<Void>> writes = new ArrayList<>();
    for (Resource named : parseAll(documents)) {
      Optional<Resource> existing = repository.get(named.key());
      if (existing.isEmpty()) {
        outcomes.add(new Outcome(named, "not found"));
      } else {
        writes.add(repository.delete(named.key()));
        outcomes.add(new Outcome(existing.get(), "deleted"));
      }
    }
    CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new))
        .get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    return outcomes;
  }

  public Outcome delete(Resource named) throws Exception {
    Optional<Resource> existing = repository.get(named.key());
    if (existing.isEmpty()) {
      return new Outcome(named, "not found");
    }
    repository.delete(named.key()).get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    return new Outcome(existing.get(), "deleted");
  }

  private List<Resource> parseAndValidate(List<Document> documents) {
    Map<String, Resource> byKey = new LinkedHashMap<>();
    Map<String, String> sources = new LinkedHashMap<>();
    List<ValidationError> errors = new ArrayList<>();
    for (Document document : documents) {
      try {
        for (Resource resource : document.parse()) {
          byKey.put(resource.key().toString(), resource);
          sources.put(resource.key().toString(), document.source());
        }
      } catch (ResourceValidationException e) {
        errors.addAll(e.errors());
      }
    }
    Map<String, DerivedNames.Held> taken = names.index(repository);
    for (Map.Entry<String, Resource> entry : byKey.entrySet()) {
      Resource resource = entry.getValue();
      String source = sources.get(entry.getKey());
      checkFilters(resource, source, errors);
      repository.get(resource.key()).ifPresent(old ->
          ResourceValidator.validateUpdate(old, resource).forEach(e -> errors.add(withSource(e, source))));
      errors.addAll(names.checkLimits(resource, source));
      errors.addAll(names.checkCollisions(resource, source, taken));
      names.add(taken, resource);
    }
    if (!errors.isEmpty()) {
      throw new ResourceValidationException(errors);
    }
    return List.copyOf(byKey.values());
  }

  private static List<Resource> parseAll(List<Document> documents) {
    List<Resource> resources = new ArrayList<>();
    List<ValidationError> errors = new ArrayList<>();
    for (Document document : documents) {
      try {
        resources.addAll(document.parse());
      } catch (ResourceValidationException e) {
        errors.addAll(e.errors());
      }
    }
    if (!errors.isEmpty()) {
      throw new ResourceValidationException(errors);
    }
    return resources;
  }

  private static void checkFilters(Resource resource, String source, List<ValidationError> errors) {
    JsonNode spec = resource.spec();
    switch (resource.resourceKind()) {
      case TRIGGER -> checkFilters(resource, source, spec.get("filter"), spec.get("filters"), "spec", errors);
      case SUBSCRIPTION -> checkFilters(resource, source, null, spec.get("filters"), "spec", errors);
      case PARALLEL -> {
        for (int i = 0; i < spec.path("branches").size(); i++) {
          checkFilters(resource, source, null, spec.path("branches").get(i).get("filters"),
              "spec.branches[" + i + "]", errors);
        }
      }
      default -> { }
    }
  }

  /** {@code filters} of a Subscription or Parallel branch: Trigger's dialects, reported at {@code prefix}. */
  private static void checkFilters(Resource resource, String source, JsonNode filter, JsonNode filters,
      String prefix, List<ValidationError> errors) {
    try {
      EventFilters.forTrigger(filter, filters);
    } catch (FilterException e) {
      // The reason only: ValidationError prints the path itself.
      String path = e.path().replaceFirst("^spec", prefix);
      errors.add(new ValidationError(source, 0, resource.kind(), resource.metadata().name(),
          path, e.reason()));
    }
  }

  private static ValidationError withSource(ValidationError error, String source) {
    return new ValidationError(source, error.documentIndex(), error.kind(), error.name(),
        error.fieldPath(), error.message());
  }

  /** Keeps identity (uid, creation time) across applies; bumps the generation when spec changes. */
  private Outcome stamp(Resource declared, Resource existing) {
    ObjectMeta meta = declared.metadata();
    if (existing == null) {
      Resource created = declared.withMetadata(meta
          .withUid(UUID.randomUUID().toString())
          .withCreationTimestamp(clock.instant())
          .withGeneration(1));
      return new Outcome(created, "created");
    }
    ObjectMeta old = existing.metadata();
    boolean specChanged = !existing.spec().equals(declared.spec());
    boolean metaChanged = !old.labels().equals(meta.labels()) || !old.annotations().equals(meta.annotations());
    Resource updated = declared.withMetadata(meta
        .withUid(old.uid())
        .withCreationTimestamp(old.creationTimestamp())
        .withGeneration(specChanged ? old.generation() + 1 : old.generation()));
    if (!specChanged && !metaChanged) {
      return new Outcome(existing, "unchanged");
    }
    return new Outcome(updated, "configured");
  }
}
