package dev.kafkaeventing.platform.cli;

import dev.kafkaeventing.platform.kubernetes.KubernetesOptions;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code up}'s Kubernetes mode: where the API server is, how Revisions run, the addresses written into statuses. */
public final class KubernetesModeOptions {

  @Option(names = "--kubernetes",
      description = "Kubernetes mode: resources are the API server's objects (CRDs in deploy/crds), watched with"
          + " informers, status written back; the resource topic is not used.")
  boolean kubernetesMode;

  @Option(names = "--kubeconfig", paramLabel = "FILE",
      description = "With --kubernetes: this kubeconfig instead of the usual places (KUBECONFIG, ~/.kube/config,"
          + " the pod's service account).")
  Path kubeconfig;

  @Option(names = "--kubernetes-master", paramLabel = "URL",
      description = "With --kubernetes: the API server's URL, overriding the kubeconfig's.")
  String kubernetesMaster;

  @Option(names = "--revisions", paramLabel = "processes|deployments",
      description = "With --kubernetes: how serving Revisions run. processes (default): local processes of the"
          + " platform's pod, as standalone; deployments: a Deployment + Service of the revision's image each,"
          + " scaled by the autoscaler (needs the RBAC on Deployments and Services in deploy/).")
  String revisions;

  @Option(names = "--ingress-url-base", paramLabel = "URL",
      description = "Base of the addresses written into statuses (status.address.url). With --kubernetes and"
          + " --platform-namespace, defaults to http://kafka-eventing-ingress.<namespace>.svc.cluster.local;"
          + " otherwise the ingress's own URL.")
  String ingressUrlBase;

  @Option(names = "--platform-namespace", defaultValue = "${env:POD_NAMESPACE}", paramLabel = "NAMESPACE",
      description = "The namespace the platform runs in on Kubernetes, where replicas elect their control-plane"
          + " leader on the Lease named --instance-name (default: $POD_NAMESPACE, else default).")
  String platformNamespace;


  /**
   * The Kubernetes mode's options, or null for standalone.
   *
   * @throws IllegalArgumentException for a Kubernetes flag without {@code --kubernetes} or a bad value
   */
  KubernetesOptions options(String instanceName) {
    if (!kubernetesMode) {
      if (kubeconfig != null || kubernetesMaster != null || revisions != null) {
        throw new IllegalArgumentException("--kubeconfig, --kubernetes-master and --revisions need --kubernetes");
      }
      return null;
    }
    boolean namespaced = platformNamespace != null && !platformNamespace.isBlank();
    String addresses = ingressUrlBase != null ? ingressUrlBase
        : namespaced ? KubernetesOptions.serviceAddress(platformNamespace) : null;
    return new KubernetesOptions(kubeconfig, kubernetesMaster, addresses,
        KubernetesOptions.Lease.of(namespaced ? platformNamespace : "default", instanceName),
        revisions == null ? KubernetesOptions.Revisions.PROCESSES : KubernetesOptions.Revisions.of(revisions));
  }
}
