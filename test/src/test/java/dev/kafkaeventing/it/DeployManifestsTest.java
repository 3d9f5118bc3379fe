package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.platform.cli.UpCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The install manifests in {@code deploy/}: they parse, run {@code up --kubernetes}, and grant no more than needed. */
class DeployManifestsTest {

  private static final Path DEPLOY = Path.of("..", "deploy");

  @Test
  void shouldRunUpInKubernetesModeWithFlagsTheCliAcceptsWhenTheDeploymentIsParsed() throws IOException {
    Deployment deployment = only(Deployment.class);

    List<String> args = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();

    assertThat(args).startsWith("up", "--kubernetes").anyMatch(a -> a.startsWith("--bootstrap-servers="));
    CommandLine.ParseResult parsed = new CommandLine(new UpCommand()).parseArgs(args.subList(1, args.size()).toArray(String[]::new));
    assertThat(parsed.hasMatchedOption("--kubernetes")).isTrue();
    assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("kafka-eventing");
  }

  @Test
  void shouldGrantOnlyTheVerbsThePlatformUsesOnEveryServedKindWhenTheClusterRoleIsParsed() throws IOException {
    ClusterRole role = only(ClusterRole.class);

    List<String> resources = new ArrayList<>();
    for (PolicyRule rule : role.getRules()) {
      assertThat(rule.getVerbs()).doesNotContain("*", "deletecollection", "escalate", "bind");
      // Secrets are read only (KafkaSource spec.net, KafkaSink auth): checked below.
      assertThat(rule.getResources()).doesNotContain("*", "deployments", "groups", "users");
      if (rule.getApiGroups().contains("")) {
        // Kubernetes Services only with revisions as Deployments (revision-deployments/).
        assertThat(rule.getResources()).doesNotContain("services");
      }
      resources.addAll(rule.getResources());
    }
    // Impersonation (ApiServerSource's serviceAccountName) of ServiceAccounts only, and nothing else with it.
    assertThat(role.getRules()).filteredOn(r -> r.getVerbs().contains("impersonate")).singleElement()
        .satisfies(r -> {
          assertThat(r.getResources()).containsExactly("serviceaccounts");
          assertThat(r.getVerbs()).containsExactly("impersonate");
        });
    assertThat(role.getRules()).filteredOn(r -> r.getResources().contains("namespaces"))
        .singleElement().satisfies(r -> assertThat(r.getVerbs()).containsExactlyInAnyOrder("get", "list", "watch"));

    for (ResourceKind kind : ResourceKind.values()) {
      assertThat(resources).contains(kind.plural());
      if (!kind.group().isEmpty()) {
        assertThat(resources).contains(kind.plural() + "/status");
      }
    }
    assertThat(role.getRules()).filteredOn(r -> r.getResources().contains("secrets"))
        .singleElement().satisfies(r -> assertThat(r.getVerbs()).containsExactlyInAnyOrder("get", "list", "watch"));
    assertThat(role.getRules()).filteredOn(r -> r.getResources().contains("configmaps"))
        .singleElement().satisfies(r -> assertThat(r.getVerbs()).containsExactlyInAnyOrder("get", "list", "watch"));
  }

  @Test
  void shouldGrantDeploymentsServicesAndEndpointSlicesOnlyInTheOptionalManifestWhenRevisionsRunAsDeployments() throws IOException {
    ClusterRole role = only(ClusterRole.class, DEPLOY.resolve("revision-deployments"));

    assertThat(role.getRules()).hasSize(3);
    assertThat(role.getRules()).filteredOn(r -> r.getResources().equals(List.of("endpointslices"))).singleElement()
        .satisfies(r -> {
          assertThat(r.getApiGroups()).containsExactly("discovery.k8s.io");
          assertThat(r.getVerbs()).containsExactlyInAnyOrder("list", "watch");
        });
    assertThat(role.getRules()).filteredOn(r -> r.getResources().equals(List.of("deployments"))).singleElement()
        .satisfies(r -> {
          assertThat(r.getApiGroups()).containsExactly("apps");
          assertThat(r.getVerbs()).containsExactlyInAnyOrder("get", "list", "watch", "create", "patch", "delete");
        });
    assertThat(role.getRules()).filteredOn(r -> r.getResources().equals(List.of("services"))).singleElement()
        .satisfies(r -> assertThat(r.getVerbs()).containsExactlyInAnyOrder("get", "create", "patch", "delete"));
    ClusterRoleBinding binding = only(ClusterRoleBinding.class, DEPLOY.resolve("revision-deployments"));
    assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
    assertThat(new CommandLine(new UpCommand()).parseArgs("--kubernetes", "--revisions=deployments")
        .hasMatchedOption("--revisions")).isTrue();
  }

  private static <T extends HasMetadata> T only(Class<T> type) throws IOException {
    return only(type, DEPLOY);
  }

  private static <T extends HasMetadata> T only(Class<T> type, Path dir) throws IOException {
    List<T> found = new ArrayList<>();
    for (HasMetadata object : all(dir)) {
      if (type.isInstance(object)) {
        found.add(type.cast(object));
      }
    }
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  private static List<HasMetadata> all(Path dir) throws IOException {
    KubernetesSerialization serialization = new KubernetesSerialization();
    List<HasMetadata> objects = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          Object parsed = serialization.unmarshal(in);
          if (parsed instanceof List<?> list) {
            list.forEach(o -> objects.add((HasMetadata) o));
          } else {
            objects.add((HasMetadata) parsed);
          }
        }
      }
    }
    assertThat(objects).isNotEmpty();
    return objects;
  }
}
