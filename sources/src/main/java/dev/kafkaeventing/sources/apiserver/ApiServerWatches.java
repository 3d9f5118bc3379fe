package dev.kafkaeventing.sources.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * Watches objects of the Kubernetes API server: the port through which ApiServerSources see the
 * cluster, so that this module does not depend on a Kubernetes client. The platform implements it
 * in Kubernetes mode only, with its own credentials or impersonating the source's ServiceAccount.
 *
 * <p>Implementations are thread-safe. A watch tells its listener of every object that exists when
 * it starts ({@link Change#ADD}), then of each change, in order per object, on a thread of its own.
 * Among several replicas, only the one leading the control plane passes changes on, so each change
 * becomes one event.
 */
public interface ApiServerWatches {

  /** What changed, as Knative's adapter names it in the event type. */
  enum Change {
    ADD("add"), UPDATE("update"), DELETE("delete");

    private final String word;

    Change(String word) {
      this.word = word;
    }

    /** {@code add}, {@code update} or {@code delete}. */
    public String word() {
      return word;
    }
  }

  /**
   * One kind of object to watch in one namespace, or in the namespaces a selector picks.
   *
   * @param namespace the namespace watched when {@code namespaceSelector} is null
   * @param apiVersion {@code v1}, {@code apps/v1}, ...
   * @param kind {@code ConfigMap}, ...
   * @param selector a Kubernetes label selector ({@code matchLabels}, {@code matchExpressions});
   *     null for every object
   * @param namespaceSelector a label selector of namespaces: every namespace it selects is
   *     watched, following namespaces' label changes ({@code {}} selects all); null for
   *     {@code namespace} only
   * @param serviceAccount watch as the ServiceAccount of this name in {@code namespace}
   *     (impersonated); null for the platform's own credentials
   */
  record Watch(String namespace, String apiVersion, String kind, ObjectNode selector, ObjectNode namespaceSelector,
      String serviceAccount) {

    public Watch {
      Objects.requireNonNull(namespace, "namespace");
      Objects.requireNonNull(apiVersion, "apiVersion");
      Objects.requireNonNull(kind, "kind");
      selector = selector == null ? null : selector.deepCopy();
      namespaceSelector = namespaceSelector == null ? null : namespaceSelector.deepCopy();
      if (serviceAccount != null && serviceAccount.isBlank()) {
        serviceAccount = null;
      }
    }

    /** Objects of one namespace, with the platform's credentials. */
    public Watch(String namespace, String apiVersion, String kind, ObjectNode selector) {
      this(namespace, apiVersion, kind, selector, null, null);
    }

    @Override
    public ObjectNode selector() {
      return selector == null ? null : selector.deepCopy();
    }

    @Override
    public ObjectNode namespaceSelector() {
      return namespaceSelector == null ? null : namespaceSelector.deepCopy();
    }
  }

  /** Told of each change; must not block for long. */
  @FunctionalInterface
  interface Listener {
    /**
     * @param object the object as the API server serves it (after the change; its last state for a
     *     delete)
     */
    void changed(Change change, ObjectNode object);
  }

  /**
   * Starts watching.
   *
   * @return stops the watch
   * @throws IllegalArgumentException when the kind is not served by the API server
   */
  AutoCloseable watch(Watch watch, Listener listener);

  /** The API server's URL: the {@code source} of every event, as Knative's adapter sets it. */
  String apiServerUrl();
}
