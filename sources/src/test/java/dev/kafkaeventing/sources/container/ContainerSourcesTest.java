package dev.kafkaeventing.sources.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerSourcesTest {

  @TempDir Path dir;

  @Test
  void shouldGiveTheLastLinesWhenTheLogIsLongerThanAsked() throws Exception {
    ContainerSources sources = new ContainerSources(dir);
    ResourceKey key = new ResourceKey(ResourceKind.CONTAINER_SOURCE, "ns", "src");
    Files.createDirectories(sources.logFile(key).getParent());
    Files.writeString(sources.logFile(key), "one\ntwo\nthree\n");

    assertThat(sources.logTail(key, 2)).contains("two\nthree\n");
    assertThat(sources.logTail(key, 10)).contains("one\ntwo\nthree\n");
    assertThat(sources.logTail(new ResourceKey(ResourceKind.CONTAINER_SOURCE, "ns", "other"), 2)).isEmpty();
  }
}
