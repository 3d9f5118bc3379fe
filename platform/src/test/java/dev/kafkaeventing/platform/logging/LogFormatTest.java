package dev.kafkaeventing.platform.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class LogFormatTest {

  @Test
  void shouldWriteOneJsonObjectPerLineWithResourceFieldsWhenFormatIsJson() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LoggerContext context = contextWritingTo(out);
    LogFormat.apply(context, "json");
    Logger logger = context.getLogger("dev.kafkaeventing.test");

    try (var name = MDC.putCloseable("name", "orders"); var kind = MDC.putCloseable("kind", "Broker")) {
      logger.info("Reconciled {} \"quoted\"", "broker");
    }
    logger.warn("failed", new IllegalStateException("boom"));

    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(2);
    ObjectMapper json = new ObjectMapper();
    JsonNode first = json.readTree(lines.get(0));
    assertThat(first.path("level").asText()).isEqualTo("INFO");
    assertThat(first.path("loggerName").asText()).isEqualTo("dev.kafkaeventing.test");
    assertThat(first.path("formattedMessage").asText()).isEqualTo("Reconciled broker \"quoted\"");
    assertThat(first.path("mdc").path("name").asText()).isEqualTo("orders");
    assertThat(first.path("mdc").path("kind").asText()).isEqualTo("Broker");
    JsonNode second = json.readTree(lines.get(1));
    assertThat(second.path("throwable").path("message").asText()).isEqualTo("boom");
  }

  @Test
  void shouldRefuseFormatWhenNeitherTextNorJson() {
    assertThatThrownBy(() -> LogFormat.apply(new LoggerContext(), "xml"))
        .hasMessageContaining("--log-format").hasMessageContaining("xml");
  }

  private static LoggerContext contextWritingTo(ByteArrayOutputStream out) {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(MDC.getMDCAdapter());
    context.start();
    PatternLayoutEncoder text = new PatternLayoutEncoder();
    text.setContext(context);
    text.setPattern("%msg%n");
    text.start();
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setEncoder(text);
    appender.setOutputStream(out);
    appender.start();
    context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(appender);
    return context;
  }
}
