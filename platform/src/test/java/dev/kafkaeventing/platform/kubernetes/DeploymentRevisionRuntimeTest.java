package dev.kafkaeventing.platform.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kafkaeventing.serving.RevisionId;
import dev.kafkaeventing.serving.runtime.ReplicaEndpoint;
import dev.kafkaeventing.serving.runtime.RevisionState;
import dev.kafkaeventing.serving.runtime.RevisionWorkload;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Revisions as Deployments against fabric8's mock API server in CRUD mode. It runs no pods: the
 * tests write the Deployment's status as the Deployment controller would.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class DeploymentRevisionRuntimeTest {

  private static final RevisionId REVISION = new RevisionId("apps", "hello-00001");

  KubernetesClient client;

  private final AtomicReference<List<ReplicaEndpoint>> told = new AtomicReference<>(List.of());
  private final AtomicBoolean leading = new AtomicBoolean(true);
  private DeploymentRevisionRuntime runtime;

  @BeforeEach
  void start() {
    runtime = new DeploymentRevisionRuntime(client, leading::get, (revision, ready) -> told.set(ready));
  }

  @AfterEach
  void stop() {
    runtime.close();
  }

  @Test
  void shouldCreateAnOwnedDeploymentAndServiceWithTheContainerSpecWhenARevisionRuns() throws Exception {
    runtime.run(workload(2));

    Deployment deployment = deployment();
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(deployment.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
      assertThat(owner.getKind()).isEqualTo("Revision");
      assertThat(owner.getUid()).isEqualTo("uid-1");
      assertThat(owner.getController()).isTrue();
    });
    Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getImage()).isEqualTo("ghcr.io/example/hello:1");
    assertThat(container.getArgs()).containsExactly("--greeting", "hi");
    assertThat(container.getEnv()).extracting(EnvVar::getName, EnvVar::getValue)
        .contains(org.assertj.core.groups.Tuple.tuple("TARGET", "world"),
            org.assertj.core.groups.Tuple.tuple("PORT", "9000"),
            org.assertj.core.groups.Tuple.tuple("K_SERVICE", "hello"));
    assertThat(deployment.getSpec().getSelector().getMatchLabels())
        .containsEntry("serving.knative.dev/revision", "hello-00001");
    var service = client.services().inNamespace("apps").withName("hello-00001").get();
    assertThat(service.getSpec().getSelector()).containsEntry("serving.knative.dev/revision", "hello-00001");
    assertThat(service.getSpec().getPorts()).singleElement().satisfies(port -> {
      assertThat(port.getPort()).isEqualTo(80);
      assertThat(port.getTargetPort().getIntVal()).isEqualTo(9000);
    });
    assertThat(service.getMetadata().getOwnerReferences()).extracting(o -> o.getUid()).containsExactly("uid-1");
  }

  @Test
  void shouldChangeReplicasWhenTheAutoscalerScalesAndKeepThemWhenTheRevisionIsRunAgain() {
    runtime.run(workload(1));

    runtime.scale(REVISION, 3);
    runtime.run(workload(1));

    assertThat(deployment().getSpec().getReplicas()).isEqualTo(3);
    assertThat(runtime.state(REVISION)).map(RevisionState::desired).contains(3);
    runtime.scale(REVISION, 0);
    assertThat(deployment().getSpec().getReplicas()).isZero();
  }

  @Test
  void shouldTellReadyReplicasFromTheDeploymentStatusWhenPodsBecomeReady() {
    runtime.run(workload(2));

    client.apps().deployments().inNamespace("apps").resource(new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder(
        deployment()).withStatus(new DeploymentStatusBuilder().withReplicas(2).withReadyReplicas(2).build()).build())
        .updateStatus();

    await().atMost(Duration.ofSeconds(10)).until(() -> told.get().size() == 2);
    assertThat(told.get()).containsOnly(new ReplicaEndpoint("hello-00001.apps.svc.cluster.local", 80));
    assertThat(runtime.state(REVISION)).hasValueSatisfying(state -> {
      assertThat(state.ready()).hasSize(2);
      assertThat(state.everReady()).isTrue();
    });
  }

  @Test
  void shouldSendToTheReadyPodsWhenTheServicesEndpointSlicesAreKnown() {
    runtime.run(workload(2));
    client.apps().deployments().inNamespace("apps").resource(new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder(
        deployment()).withStatus(new DeploymentStatusBuilder().withReplicas(2).withReadyReplicas(2).build()).build())
        .updateStatus();
    await().atMost(Duration.ofSeconds(10)).until(() -> told.get().size() == 2);

    client.discovery().v1().endpointSlices().inNamespace("apps").resource(new EndpointSliceBuilder()
        .withNewMetadata().withName("hello-00001-x7k2p").withNamespace("apps")
        .addToLabels(Map.of("kubernetes.io/service-name", "hello-00001", "app.kubernetes.io/managed-by", "kafka-eventing"))
        .endMetadata()
        .withAddressType("IPv4")
        .addNewPort().withName("http").withPort(9000).withProtocol("TCP").endPort()
        .addNewEndpoint().withAddresses("10.1.0.7").withNewConditions().withReady(true).endConditions().endEndpoint()
        .addNewEndpoint().withAddresses("10.1.0.8").withNewConditions().withReady(false).endConditions().endEndpoint()
        .build()).create();

    await().atMost(Duration.ofSeconds(10))
        .until(() -> told.get().equals(List.of(new ReplicaEndpoint("10.1.0.7", 9000))));
    assertThat(runtime.state(REVISION)).hasValueSatisfying(
        state -> assertThat(state.ready()).containsExactly(new ReplicaEndpoint("10.1.0.7", 9000)));
  }

  @Test
  void shouldDeleteTheDeploymentAndServiceWhenTheRevisionIsRemovedButKeepThemScaledToZeroWhenStopped() {
    runtime.run(workload(1));

    runtime.stop(REVISION);

    assertThat(deployment().getSpec().getReplicas()).isZero();
    assertThat(runtime.state(REVISION)).isEmpty();
    runtime.run(workload(1));
    runtime.remove(REVISION);
    assertThat(client.apps().deployments().inNamespace("apps").withName("hello-00001-deployment").get()).isNull();
    assertThat(client.services().inNamespace("apps").withName("hello-00001").get()).isNull();
  }

  @Test
  void shouldWriteNothingWhenNotLeading() {
    leading.set(false);

    runtime.run(workload(1));

    assertThat(client.apps().deployments().inNamespace("apps").withName("hello-00001-deployment").get()).isNull();
    assertThat(runtime.state(REVISION)).map(RevisionState::desired).contains(1);
    leading.set(true);
    runtime.run(workload(1));
    assertThat(deployment().getSpec().getReplicas()).isEqualTo(1);
  }

  private Deployment deployment() {
    return client.apps().deployments().inNamespace("apps").withName("hello-00001-deployment").get();
  }

  private static RevisionWorkload workload(int replicas) {
    try {
      return new RevisionWorkload(REVISION, "hello", "hello", List.of("--greeting", "hi"), Map.of(), null,
          RevisionWorkload.ReadinessProbe.tcp(), replicas, Duration.ofSeconds(30), "uid-1",
          new ObjectMapper().readTree("""
              {"containers": [{"image": "ghcr.io/example/hello:1", "args": ["--greeting", "hi"],
                               "ports": [{"containerPort": 9000}],
                               "env": [{"name": "TARGET", "value": "world"}]}]}"""));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
