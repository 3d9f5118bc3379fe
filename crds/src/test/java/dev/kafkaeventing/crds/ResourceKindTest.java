package dev.kafkaeventing.crds;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ResourceKindTest {

  static Stream<Arguments> names() {
    return Stream.of(
        Arguments.of("brokers", ResourceKind.BROKER),
        Arguments.of("Broker", ResourceKind.BROKER),
        Arguments.of("broker", ResourceKind.BROKER),
        Arguments.of("brokers.eventing.knative.dev", ResourceKind.BROKER),
        Arguments.of("TRIGGERS", ResourceKind.TRIGGER),
        Arguments.of("kc", ResourceKind.KAFKA_CHANNEL),
        Arguments.of("kafkachannel", ResourceKind.KAFKA_CHANNEL),
        Arguments.of("imc", ResourceKind.IN_MEMORY_CHANNEL),
        Arguments.of("ch", ResourceKind.CHANNEL),
        Arguments.of("sub", ResourceKind.SUBSCRIPTION),
        Arguments.of("ksvc", ResourceKind.SERVICE),
        Arguments.of("kservice", ResourceKind.SERVICE),
        Arguments.of("services.serving.knative.dev", ResourceKind.SERVICE),
        Arguments.of("cm", ResourceKind.CONFIG_MAP),
        Arguments.of("configmaps", ResourceKind.CONFIG_MAP),
        Arguments.of("sequences", ResourceKind.SEQUENCE),
        Arguments.of("parallel", ResourceKind.PARALLEL),
        Arguments.of("pingsources", ResourceKind.PING_SOURCE),
        Arguments.of("ContainerSource", ResourceKind.CONTAINER_SOURCE),
        Arguments.of("sinkbindings", ResourceKind.SINK_BINDING),
        Arguments.of("apiserversource", ResourceKind.API_SERVER_SOURCE),
        Arguments.of("kafkasources", ResourceKind.KAFKA_SOURCE),
        Arguments.of("kafkasink", ResourceKind.KAFKA_SINK));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void shouldResolveKindWhenCliNameIsGiven(String name, ResourceKind expected) {
    assertThat(ResourceKind.lookup(name)).contains(expected);
  }

  @Test
  void shouldFindNothingWhenNameIsUnknownOrGroupIsWrong() {
    assertThat(ResourceKind.lookup("pods")).isEmpty();
    assertThat(ResourceKind.lookup("brokers.serving.knative.dev")).isEmpty();
  }

  @Test
  void shouldMatchOnlyExactPairWhenResolvingApiVersionAndKind() {
    assertThat(ResourceKind.of("messaging.knative.dev/v1beta1", "KafkaChannel"))
        .contains(ResourceKind.KAFKA_CHANNEL);
    assertThat(ResourceKind.of("eventing.knative.dev/v1", "broker")).isEmpty();
    assertThat(ResourceKind.of("eventing.knative.dev/v1beta1", "Broker")).isEmpty();
  }

  @Test
  void shouldHaveUniqueNamesWhenAllKindsAreListed() {
    long distinct = Arrays.stream(ResourceKind.values())
        .flatMap(k -> Stream.concat(Stream.of(k.plural(), k.singular()), k.shortNames().stream()))
        .distinct().count();
    long total = Arrays.stream(ResourceKind.values())
        .mapToLong(k -> 2 + k.shortNames().size()).sum();

    assertThat(distinct).isEqualTo(total);
    assertThat(ResourceKind.KAFKA_SINK.fullName()).isEqualTo("kafkasinks.eventing.knative.dev");
    assertThat(ResourceKind.CONFIG_MAP.group()).isEmpty();
  }
}
