package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.platform.cli.UpCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
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
      assertThat(rule.getVerbs()).doesNotContain("*", "deletecollection", "escalate", "bind", "impersonate");
      assertThat(rule.getResources()).doesNotContain("*");
      resources.addAll(rule.getResources());
    }

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

  private static <T extends HasMetadata> T only(Class<T> type) throws IOException {
    List<T> found = new ArrayList<>();
    for (HasMetadata object : all()) {
      if (type.isInstance(object)) {
        found.add(type.cast(object));
      }
    }
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  private static List<HasMetadata> all() throws IOException {
    KubernetesSerialization serialization = new KubernetesSerialization();
    List<HasMetadata> objects = new ArrayList<>();
    try (Stream<Path> files = Files.list(DEPLOY)) {
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
