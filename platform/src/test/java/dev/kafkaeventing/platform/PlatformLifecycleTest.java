package dev.kafkaeventing.platform;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlatformLifecycleTest {

  @TempDir
  Path dataDir;

  @Test
  void shouldRefuseToStartWhenClosedBeforeStarting() {
    // What `up` relies on: its shutdown hook may close the platform before the start begins.
    Platform platform = Platform.create(PlatformConfig.defaults(dataDir), PlatformOptions.defaults());
    platform.close();

    assertThatThrownBy(platform::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed before it started");
  }
}
