package dev.kafkaeventing.platform.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@code up --kubernetes} reaches the API server and what addresses it writes. Immutable.
 *
 * @param kubeconfig a kubeconfig file; null for the usual places ({@code KUBECONFIG},
 *     {@code ~/.kube/config}, then the pod's service account)
 * @param masterUrl the API server's URL, overriding the kubeconfig's; null to keep it
 * @param addressUrlBase the base of {@code status.address.url} (the ingress Service's cluster DNS
 *     name, e.g. {@code http://kafka-eventing-ingress.knative-eventing.svc.cluster.local}); null for
 *     the ingress's own URL
 * @param revisions how serving Revisions run
 */
public record KubernetesOptions(Path kubeconfig, String masterUrl, String addressUrlBase, Lease lease,
    Revisions revisions) {

  /**
   * How serving Revisions run in Kubernetes mode. {@code processes} (the default) runs them as
   * local processes of the platform's pod, as standalone does: nothing to pull or schedule, no
   * RBAC on Deployments and Services, and one same behaviour in both modes. {@code deployments}
   * runs each as a Deployment + Service of its image (what Knative does), scaled by the same
   * autoscaler, for workloads that need their own images, resources and isolation.
   */
  public enum Revisions {
    PROCESSES, DEPLOYMENTS;

    /** {@code processes} or {@code deployments}, as {@code --revisions} takes them. */
    public static Revisions of(String word) {
      for (Revisions revisions : values()) {
        if (revisions.name().equalsIgnoreCase(word)) {
          return revisions;
        }
      }
      throw new IllegalArgumentException("--revisions: '" + word + "' is not processes or deployments");
    }
  }

  /**
   * The Lease replicas elect their control-plane leader on, and its timing (Kubernetes'
   * controller defaults: 15 s lease, 10 s renew deadline, 2 s retry).
   */
  public record Lease(String namespace, String name, Duration duration, Duration renewDeadline, Duration retryPeriod) {
    public Lease {
      Objects.requireNonNull(namespace, "lease namespace");
      Objects.requireNonNull(name, "lease name");
      if (renewDeadline.compareTo(duration) >= 0 || retryPeriod.compareTo(renewDeadline) >= 0) {
        throw new IllegalArgumentException("lease timing must be retry period < renew deadline < duration");
      }
    }

    public static Lease of(String namespace, String name) {
      return new Lease(namespace, name, Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));
    }
  }

  /** Options without a kubeconfig, master URL or address base, leading through the default Lease. */
  public KubernetesOptions(Path kubeconfig, String masterUrl, String addressUrlBase) {
    this(kubeconfig, masterUrl, addressUrlBase, Lease.of("default", "kafka-eventing"), Revisions.PROCESSES);
  }

  public KubernetesOptions {
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(revisions, "revisions");
    if (kubeconfig != null && !Files.isReadable(kubeconfig)) {
      throw new IllegalArgumentException("--kubeconfig: cannot read " + kubeconfig);
    }
    if (addressUrlBase != null && addressUrlBase.endsWith("/")) {
      addressUrlBase = addressUrlBase.substring(0, addressUrlBase.length() - 1);
    }
  }

  /** The usual places, addresses at the ingress's own URL. */
  public static KubernetesOptions defaults() {
    return new KubernetesOptions(null, null, null);
  }

  /** The cluster DNS name of the ingress Service in {@code namespace}, as {@code deploy/} names it. */
  public static String serviceAddress(String namespace) {
    return "http://kafka-eventing-ingress." + namespace + ".svc.cluster.local";
  }

  public KubernetesOptions withMasterUrl(String url) {
    return new KubernetesOptions(kubeconfig, url, addressUrlBase, lease, revisions);
  }

  public KubernetesOptions withAddressUrlBase(String base) {
    return new KubernetesOptions(kubeconfig, masterUrl, base, lease, revisions);
  }

  public KubernetesOptions withLease(Lease newLease) {
    return new KubernetesOptions(kubeconfig, masterUrl, addressUrlBase, newLease, revisions);
  }

  public KubernetesOptions withRevisions(Revisions newRevisions) {
    return new KubernetesOptions(kubeconfig, masterUrl, addressUrlBase, lease, newRevisions);
  }

  /** A client as these options say; the caller closes it. */
  public KubernetesClient connect() {
    Config config = kubeconfig != null ? Config.fromKubeconfig(kubeconfig.toFile()) : Config.autoConfigure(null);
    if (masterUrl != null) {
      config = new ConfigBuilder(config).withMasterUrl(masterUrl).build();
    }
    return new KubernetesClientBuilder().withConfig(config).build();
  }
}
