package dev.kafkaeventing.core.internal.delivery;

import dev.kafkaeventing.core.HttpResponse;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * Adds Knative's error extensions to an event bound for the dead letter sink: {@code knativeerrordest}
 * (the subscriber), {@code knativeerrorcode} (the last status, when there was a response),
 * {@code knativeerrordata} (base64 of at most the first 1024 bytes of a non-empty response body), and every
 * {@code kne-*} response header as an extension named by the rest of the header name, lowercased.
 */
final class DeadLetterEvents {

  static final String ERROR_DEST = "knativeerrordest";
  static final String ERROR_CODE = "knativeerrorcode";
  static final String ERROR_DATA = "knativeerrordata";
  static final int ERROR_DATA_MAX_BYTES = 1024;
  private static final String HEADER_PREFIX = "kne-";

  private DeadLetterEvents() {
  }

  /** The event with the error extensions of the subscriber's last attempt ({@code response} may be null). */
  static CloudEvent decorate(CloudEvent event, URI subscriber, HttpResponse response) {
    CloudEventBuilder builder = CloudEventBuilder.from(event);
    if (response != null) {
      copyErrorHeaders(event, response, builder);
      builder.withExtension(ERROR_CODE, response.status());
      if (response.body().length > 0) {
        byte[] excerpt = Arrays.copyOf(response.body(), Math.min(ERROR_DATA_MAX_BYTES, response.body().length));
        builder.withExtension(ERROR_DATA, Base64.getEncoder().encodeToString(excerpt));
      }
    }
    builder.withExtension(ERROR_DEST, subscriber.toString());
    return builder.build();
  }

  private static void copyErrorHeaders(CloudEvent event, HttpResponse response, CloudEventBuilder builder) {
    for (Map.Entry<String, String> header : response.headers()) {
      String name = header.getKey();
      if (name.length() <= HEADER_PREFIX.length()
          || !name.regionMatches(true, 0, HEADER_PREFIX, 0, HEADER_PREFIX.length())) {
        continue;
      }
      String extension = name.substring(HEADER_PREFIX.length()).toLowerCase(Locale.ROOT);
      // Only names CloudEvents allows for extensions, and never a context attribute of the event itself.
      if (extension.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
          && !event.getSpecVersion().getAllAttributes().contains(extension)) {
        builder.withExtension(extension, header.getValue());
      }
    }
  }
}
