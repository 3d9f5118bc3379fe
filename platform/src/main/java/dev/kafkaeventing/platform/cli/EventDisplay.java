package dev.kafkaeventing.platform.cli;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Formats an event as Knative's event-display prints it (the Go SDK's {@code Event.String()}):
 * {@code ☁️  cloudevents.Event}, then the {@code Context Attributes,}, {@code Extensions,} and
 * {@code Data,} sections, two-space indented; JSON data pretty-printed, other text as is, binary
 * data in base64. Stateless.
 */
final class EventDisplay {

  /** Go's {@code json.MarshalIndent} look: {@code "key": value}, arrays one element a line. */
  private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter()
      .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
      .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"))
      .withObjectIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));

  private EventDisplay() {}

  static String format(CloudEvent event) {
    StringBuilder text = new StringBuilder("☁️  cloudevents.Event\nValidation: valid\nContext Attributes,\n");
    attribute(text, "specversion", event.getSpecVersion().toString());
    attribute(text, "type", event.getType());
    attribute(text, "source", event.getSource());
    attribute(text, "subject", event.getSubject());
    attribute(text, "id", event.getId());
    attribute(text, "time", event.getTime());
    attribute(text, "dataschema", event.getDataSchema());
    attribute(text, "datacontenttype", event.getDataContentType());
    if (!event.getExtensionNames().isEmpty()) {
      text.append("Extensions,\n");
      for (String name : new TreeSet<>(event.getExtensionNames())) {
        attribute(text, name, event.getExtension(name));
      }
    }
    if (event.getData() != null) {
      text.append("Data,\n");
      for (String line : data(event.getDataContentType(), event.getData().toBytes()).split("\n", -1)) {
        text.append("  ").append(line).append('\n');
      }
    }
    return text.toString();
  }

  private static void attribute(StringBuilder text, String name, Object value) {
    if (value != null) {
      text.append("  ").append(name).append(": ").append(value).append('\n');
    }
  }

  private static String data(String contentType, byte[] data) {
    String type = contentType == null ? "application/json" : contentType.toLowerCase(Locale.ROOT);
    if (type.contains("json")) {
      try {
        return AdminApi.JSON.writer(PRETTY).writeValueAsString(AdminApi.JSON.readTree(data));
      } catch (IOException e) {
        // Not JSON after all: shown as text or base64 below.
      }
    }
    String asText = new String(data, StandardCharsets.UTF_8);
    boolean printable = asText.chars().allMatch(c -> c == '\n' || c == '\r' || c == '\t' || c >= 0x20 && c != 0xFFFD);
    return printable ? asText : Base64.getEncoder().encodeToString(data);
  }
}
