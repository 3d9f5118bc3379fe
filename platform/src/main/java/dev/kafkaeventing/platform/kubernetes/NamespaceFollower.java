package dev.kafkaeventing.platform.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kafkaeventing.crds.LabelSelectors;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one watch open per namespace a label selector selects, following namespaces as they are
 * created, relabelled and deleted: an ApiServerSource's {@code namespaceSelector}. A namespace
 * that comes to match starts a watch (which tells of its existing objects as added, as Knative's
 * adapter does when it starts); one that stops matching closes its watch.
 *
 * <p>Thread-safe: fed by a Namespace informer's thread, closed from the reconcile thread.
 */
final class NamespaceFollower implements ResourceEventHandler<Namespace>, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NamespaceFollower.class);

  private final JsonNode selector;
  private final Function<String, AutoCloseable> watchNamespace;
  private final Map<String, AutoCloseable> watched = new HashMap<>();
  private boolean closed;

  /**
   * @param watchNamespace starts the watch of one namespace; the returned handle stops it
   */
  NamespaceFollower(JsonNode selector, Function<String, AutoCloseable> watchNamespace) {
    this.selector = Objects.requireNonNull(selector, "selector").deepCopy();
    this.watchNamespace = Objects.requireNonNull(watchNamespace, "watchNamespace");
    // A bad operator is refused now, when the source is reconciled, not on the informer's thread.
    LabelSelectors.validate(selector, "spec.namespaceSelector");
  }

  @Override
  public void onAdd(Namespace namespace) {
    follow(namespace);
  }

  @Override
  public void onUpdate(Namespace old, Namespace namespace) {
    follow(namespace);
  }

  @Override
  public void onDelete(Namespace namespace, boolean finalStateUnknown) {
    unwatch(namespace.getMetadata().getName());
  }

  private void follow(Namespace namespace) {
    String name = namespace.getMetadata().getName();
    if (LabelSelectors.matches(selector, namespace.getMetadata().getLabels())) {
      synchronized (this) {
        if (closed || watched.containsKey(name)) {
          return;
        }
        try {
          watched.put(name, watchNamespace.apply(name));
        } catch (RuntimeException e) {
          LOG.warn("ApiServerSource: namespace {} selected but not watched: {}", name, e.getMessage());
        }
      }
    } else {
      unwatch(name);
    }
  }

  private void unwatch(String name) {
    AutoCloseable watch;
    synchronized (this) {
      watch = watched.remove(name);
    }
    closeQuietly(watch);
  }

  /** The namespaces watched now. */
  synchronized java.util.Set<String> namespaces() {
    return java.util.Set.copyOf(watched.keySet());
  }

  @Override
  public void close() {
    Map<String, AutoCloseable> open;
    synchronized (this) {
      closed = true;
      open = new HashMap<>(watched);
      watched.clear();
    }
    open.values().forEach(NamespaceFollower::closeQuietly);
  }

  private static void closeQuietly(AutoCloseable watch) {
    if (watch == null) {
      return;
    }
    try {
      watch.close();
    } catch (Exception e) {
      LOG.debug("Closing a namespace's watch failed: {}", e.toString());
    }
  }
}
