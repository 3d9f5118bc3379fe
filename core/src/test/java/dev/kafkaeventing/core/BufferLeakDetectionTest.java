package dev.kafkaeventing.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class BufferLeakDetectionTest {

  @Test
  void shouldTurnLeakDetectionOffWhenNotConfigured() {
    Properties properties = new Properties();

    BufferLeakDetection.offUnlessConfigured(properties);

    assertThat(properties.getProperty(BufferLeakDetection.PROPERTY)).isEqualTo("disabled");
  }

  @Test
  void shouldKeepTheOperatorsLevelWhenConfigured() {
    Properties properties = new Properties();
    properties.setProperty(BufferLeakDetection.PROPERTY, "paranoid");

    BufferLeakDetection.offUnlessConfigured(properties);

    assertThat(properties.getProperty(BufferLeakDetection.PROPERTY)).isEqualTo("paranoid");
  }
}
