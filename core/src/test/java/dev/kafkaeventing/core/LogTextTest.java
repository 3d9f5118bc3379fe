package dev.kafkaeventing.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {

  @Test
  void shouldEscapeControlCharactersWhenTextCarriesLineBreaks() {
    String forged = "/ns/b\r\n2026-01-01 ERROR forged line\u0000";

    String logged = LogText.of(forged);

    assertThat(logged).isEqualTo("/ns/b\\u000d\\u000a2026-01-01 ERROR forged line\\u0000");
  }

  @Test
  void shouldCutTextWhenLongerThanTheLimit() {
    String logged = LogText.of("x".repeat(LogText.MAX_CHARS + 100));

    assertThat(logged).hasSize(LogText.MAX_CHARS + 3).endsWith("...");
  }
}
