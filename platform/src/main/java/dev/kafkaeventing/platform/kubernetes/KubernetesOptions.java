package dev.kafkaeventing.platform.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How {@code up --kubernetes} reaches the API server and what addresses it writes. Immutable.
 *
 * @param kubeconfig a kubeconfig file; null for the usual places ({@code KUBECONFIG},
 *     {@code ~/.kube/config}, then the pod's service account)
 * @param masterUrl the API server's URL, overriding the kubeconfig's; null to keep it
 * @param addressUrlBase the base of {@code status.address.url} (the ingress Service's cluster DNS
 *     name, e.g. {@code http://kafka-eventing-ingress.knative-eventing.svc.cluster.local}); null for
 *     the ingress's own URL
 */
public record KubernetesOptions(Path kubeconfig, String masterUrl, String addressUrlBase) {

  public KubernetesOptions {
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
    return new KubernetesOptions(kubeconfig, url, addressUrlBase);
  }

  public KubernetesOptions withAddressUrlBase(String base) {
    return new KubernetesOptions(kubeconfig, masterUrl, base);
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
