package dev.kafkaeventing.platform.kubernetes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.sources.apiserver.ApiServerWatches;
import io.fabric8.kubernetes.api.Pluralize;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.RequestConfig;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.util.Locale;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ApiServerWatches} over fabric8 informers on generic resources. A watch with a
 * ServiceAccount impersonates it ({@code Impersonate-User: system:serviceaccount:<ns>:<sa>}), so
 * the API server applies that account's RBAC; without one, the platform's own credentials are used.
 * A watch with a namespace selector follows the namespaces (an informer of Namespaces) and keeps one
 * informer per selected namespace. Every replica informs; only the one leading the control plane
 * passes changes on, so each becomes one event.
 *
 * <p>Thread-safe. An informer's changes arrive on fabric8's thread of that informer.
 */
public final class KubernetesApiServerWatches implements ApiServerWatches {

  private static final Logger LOG = LoggerFactory.getLogger(KubernetesApiServerWatches.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final KubernetesClient client;
  private final BooleanSupplier leading;

  public KubernetesApiServerWatches(KubernetesClient client, BooleanSupplier leading) {
    this.client = Objects.requireNonNull(client, "client");
    this.leading = Objects.requireNonNull(leading, "leading");
  }

  @Override
  public AutoCloseable watch(Watch watch, Listener listener) {
    KubernetesClient as = watch.serviceAccount() == null ? client : impersonating(watch.namespace(),
        watch.serviceAccount());
    ResourceDefinitionContext context = context(as, watch.apiVersion(), watch.kind());
    if (watch.namespaceSelector() == null || !context.isNamespaceScoped()) {
      return inform(as, context, watch, context.isNamespaceScoped() ? watch.namespace() : null, listener);
    }
    // The namespaces are followed with the platform's credentials, as Knative's controller does:
    // the source's ServiceAccount need only read what it watches.
    NamespaceFollower follower = new NamespaceFollower(watch.namespaceSelector(),
        namespace -> inform(as, context, watch, namespace, listener));
    return new NamespaceWatch(client.namespaces().inform(follower, 0), follower);
  }

  /** A watch over the namespaces a selector picks: the Namespace informer and what it follows. */
  record NamespaceWatch(SharedIndexInformer<Namespace> namespaces, NamespaceFollower follower)
      implements AutoCloseable {

    /** The namespaces watched now. */
    java.util.Set<String> watched() {
      return follower.namespaces();
    }

    @Override
    public void close() {
      namespaces.close();
      follower.close();
    }
  }

  /**
   * A view of the client that sends {@code Impersonate-User: system:serviceaccount:<ns>:<sa>} with
   * every request; it shares the client's connections. No groups are sent: the API server adds a
   * ServiceAccount's own ({@code system:serviceaccounts}, {@code system:serviceaccounts:<ns>},
   * {@code system:authenticated}), so the platform needs {@code impersonate} on
   * {@code serviceaccounts} only, not on {@code groups}.
   */
  private KubernetesClient impersonating(String namespace, String serviceAccount) {
    RequestConfig config = new RequestConfigBuilder(client.getConfiguration().getRequestConfig())
        .withImpersonateUsername("system:serviceaccount:" + namespace + ":" + serviceAccount)
        .build();
    return client.newClient(config).adapt(KubernetesClient.class);
  }

  /** An informer of the watched kind in {@code namespace} (null: cluster-scoped). */
  private AutoCloseable inform(KubernetesClient as, ResourceDefinitionContext context, Watch watch, String namespace,
      Listener listener) {
    var objects = as.genericKubernetesResources(context);
    FilterWatchListDeletable<GenericKubernetesResource, GenericKubernetesResourceList,
        Resource<GenericKubernetesResource>> selected = namespace != null
            ? objects.inNamespace(namespace) : objects.inAnyNamespace();
    if (watch.selector() != null) {
      selected = selected.withLabelSelector(SERIALIZATION.unmarshal(watch.selector().toString(), LabelSelector.class));
    }
    SharedIndexInformer<GenericKubernetesResource> informer;
    try {
      informer = selected.inform(handler(watch, listener), 0);
    } catch (KubernetesClientException e) {
      throw new IllegalArgumentException("cannot watch " + watch.kind() + " (" + watch.apiVersion() + ") in "
          + namespace + (watch.serviceAccount() == null ? "" : " as ServiceAccount " + watch.serviceAccount())
          + ": " + e.getMessage(), e);
    }
    LOG.info("Watching {} {} in {} for an ApiServerSource{}", watch.apiVersion(), watch.kind(), namespace,
        watch.serviceAccount() == null ? "" : " as ServiceAccount " + watch.serviceAccount());
    return informer::close;
  }

  private ResourceEventHandler<GenericKubernetesResource> handler(Watch watch, Listener listener) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(GenericKubernetesResource object) {
        pass(Change.ADD, object);
      }

      @Override
      public void onUpdate(GenericKubernetesResource old, GenericKubernetesResource object) {
        // A relist tells of unchanged objects again: not a change.
        if (!Objects.equals(old.getMetadata().getResourceVersion(), object.getMetadata().getResourceVersion())) {
          pass(Change.UPDATE, object);
        }
      }

      @Override
      public void onDelete(GenericKubernetesResource object, boolean finalStateUnknown) {
        pass(Change.DELETE, object);
      }

      private void pass(Change change, GenericKubernetesResource object) {
        if (!leading.getAsBoolean()) {
          return;
        }
        try {
          ObjectNode tree = (ObjectNode) JSON.readTree(SERIALIZATION.asJson(object));
          // Informers of generic resources may leave the type out of the items they list.
          if (!tree.hasNonNull("apiVersion")) {
            tree.put("apiVersion", watch.apiVersion());
          }
          if (!tree.hasNonNull("kind")) {
            tree.put("kind", watch.kind());
          }
          listener.changed(change, tree);
        } catch (IOException | RuntimeException e) {
          LOG.warn("ApiServerSource: {} of {} {} not sent: {}", change.word(), watch.kind(),
              object.getMetadata().getName(), e.toString());
        }
      }
    };
  }

  /**
   * How fabric8 addresses {@code apiVersion}/{@code kind}: from the API server's discovery when it
   * lists the group version (a kind it does not list is refused), otherwise namespaced with the
   * English plural of the kind.
   */
  private static ResourceDefinitionContext context(KubernetesClient client, String apiVersion, String kind) {
    int slash = apiVersion.indexOf('/');
    String group = slash < 0 ? "" : apiVersion.substring(0, slash);
    String version = apiVersion.substring(slash + 1);
    String plural = Pluralize.toPlural(kind.toLowerCase(Locale.ROOT));
    boolean namespaced = true;
    try {
      APIResourceList discovered = client.getApiResources(apiVersion);
      // No answer, or an empty one (fabric8's mock server): assume, as below.
      if (discovered != null && discovered.getResources() != null && !discovered.getResources().isEmpty()) {
        APIResource resource = discovered.getResources().stream()
            .filter(r -> kind.equals(r.getKind()) && !r.getName().contains("/"))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException(
                "the API server serves no kind " + kind + " in " + apiVersion));
        plural = resource.getName();
        namespaced = Boolean.TRUE.equals(resource.getNamespaced());
      }
    } catch (KubernetesClientException e) {
      LOG.debug("No discovery of {} ({}); assuming {} is namespaced, plural {}", apiVersion, e.getMessage(), kind,
          plural);
    }
    return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withKind(kind)
        .withPlural(plural).withNamespaced(namespaced).build();
  }

  @Override
  public String apiServerUrl() {
    String url = client.getConfiguration().getMasterUrl();
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
