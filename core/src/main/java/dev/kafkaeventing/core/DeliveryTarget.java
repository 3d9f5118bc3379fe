package dev.kafkaeventing.core;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * Where and how to deliver an event. Immutable.
 *
 * @param subscriber     absolute http(s) URI the event is POSTed to
 * @param headers        extra request headers sent to the subscriber and the dead letter sink
 *                       (e.g. {@code Kn-Namespace}); null means none
 * @param policy         retry, backoff and timeout
 * @param deadLetterSink where the event goes when every attempt failed; null for none
 */
public record DeliveryTarget(URI subscriber, Map<String, String> headers, DeliveryPolicy policy, URI deadLetterSink) {

  public DeliveryTarget {
    requireHttpUri("subscriber", Objects.requireNonNull(subscriber, "subscriber"));
    if (deadLetterSink != null) {
      requireHttpUri("deadLetterSink", deadLetterSink);
    }
    Objects.requireNonNull(policy, "policy");
    headers = headers == null ? Map.of() : Map.copyOf(headers);
  }

  /** A target without extra headers or dead letter sink. */
  public static DeliveryTarget of(URI subscriber, DeliveryPolicy policy) {
    return new DeliveryTarget(subscriber, Map.of(), policy, null);
  }

  private static void requireHttpUri(String name, URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw new IllegalArgumentException(name + " must be an absolute http or https URI, got " + uri);
    }
  }
}
