package dev.kafkaeventing.core.control;

import dev.kafkaeventing.crds.Destination;
import dev.kafkaeventing.crds.KReference;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import java.net.URI;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves a Knative {@code Destination} to a URL: a {@code uri} as is; a {@code ref} to the
 * referenced resource's {@code status.address.url}, with a relative {@code uri} appended to it. A
 * Knative Service's (or Route's) address is the serving activator's {@code /<ns>/<svc>}, so
 * deliveries to a revision that is starting wait in the activator's queue.
 */
public final class DestinationResolver {

  /** Why a destination did not resolve, fit for a condition message. */
  public static final class UnresolvedException extends Exception {
    private static final long serialVersionUID = 1L;

    UnresolvedException(String message) {
      super(message);
    }
  }

  /** The kinds a destination may reference here: what points at one follows its status. */
  private static final Set<ResourceKind> ADDRESSABLE = Set.of(ResourceKind.BROKER, ResourceKind.CHANNEL,
      ResourceKind.KAFKA_CHANNEL, ResourceKind.IN_MEMORY_CHANNEL, ResourceKind.SEQUENCE, ResourceKind.PARALLEL,
      ResourceKind.KAFKA_SINK, ResourceKind.SERVICE, ResourceKind.ROUTE);

  private final ResourceRepository repository;

  public DestinationResolver(ResourceRepository repository) {
    this.repository = repository;
  }

  /** Whether a destination may reference the kind (its address can change). */
  public static boolean isAddressable(ResourceKind kind) {
    return ADDRESSABLE.contains(kind);
  }

  public URI resolve(Destination destination, String namespace) throws UnresolvedException {
    if (destination.ref() == null) {
      return destination.uri();
    }
    KReference ref = destination.ref();
    ResourceKind kind = ref.resourceKind().orElseThrow(() -> new UnresolvedException(
        "cannot resolve a " + ref.kind() + " (" + ref.apiVersion() + "): not an addressable kind here"));
    ResourceKey key = new ResourceKey(kind, ref.namespaceOr(namespace), ref.name());
    Optional<Resource> target = repository.get(key);
    if (target.isEmpty()) {
      throw new UnresolvedException(key + " does not exist");
    }
    String url = target.get().status().path("address").path("url").asText("");
    if (url.isEmpty()) {
      throw new UnresolvedException(key + " has no address yet (not ready)");
    }
    URI base = URI.create(url);
    return destination.uri() == null ? base : append(base, destination.uri());
  }

  /**
   * The OIDC audience of a destination: its {@code audience} when given, else the referenced
   * resource's {@code status.address.audience}; null when neither (a token then names the URL).
   * Never throws: a destination that does not resolve has no audience.
   */
  public String audience(Destination destination, String namespace) {
    if (destination == null) {
      return null;
    }
    if (destination.audience() != null || destination.ref() == null) {
      return destination.audience();
    }
    KReference ref = destination.ref();
    return ref.resourceKind()
        .flatMap(kind -> repository.get(new ResourceKey(kind, ref.namespaceOr(namespace), ref.name())))
        .map(target -> target.status().path("address").path("audience").asText(null))
        .orElse(null);
  }

  private static URI append(URI base, URI relative) {
    String path = base.getPath().endsWith("/") || relative.getPath().startsWith("/")
        ? base.getPath() + relative.getPath()
        : base.getPath() + "/" + relative.getPath();
    return base.resolve(path.replace("//", "/"));
  }
}
