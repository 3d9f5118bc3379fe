package dev.kafkaeventing.platform.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceArgsTest {

  @Test
  void shouldReadKindAndNamesWhenGivenAsSeparateArguments() {
    List<ResourceArgs.Ref> refs = ResourceArgs.parse(List.of("trigger", "a", "b"));

    assertThat(refs).containsExactly(new ResourceArgs.Ref("trigger", "a"), new ResourceArgs.Ref("trigger", "b"));
    assertThat(ResourceArgs.named(refs)).isTrue();
  }

  @Test
  void shouldReadEachKindAndNameWhenGivenInKindSlashNameForm() {
    List<ResourceArgs.Ref> refs = ResourceArgs.parse(List.of("trigger/hello", "broker/default"));

    assertThat(refs).containsExactly(new ResourceArgs.Ref("trigger", "hello"), new ResourceArgs.Ref("broker", "default"));
  }

  @Test
  void shouldNameTheWholeKindWhenOnlyAKindIsGiven() {
    List<ResourceArgs.Ref> refs = ResourceArgs.parse(List.of("brokers"));

    assertThat(refs).containsExactly(new ResourceArgs.Ref("brokers", null));
    assertThat(ResourceArgs.named(refs)).isFalse();
  }

  @Test
  void shouldRefuseWhenTheTwoFormsAreMixed() {
    assertThatThrownBy(() -> ResourceArgs.parse(List.of("trigger", "broker/default")))
        .hasMessageContaining("no need to specify a resource kind as a separate argument");
    assertThatThrownBy(() -> ResourceArgs.parse(List.of("trigger/hello", "default")))
        .hasMessageContaining("must have a single resource and name, got 'default'");
    assertThatThrownBy(() -> ResourceArgs.parse(List.of("trigger/")))
        .hasMessageContaining("got 'trigger/'");
  }
}
