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
 * @param subscriberCaCerts PEM certificates trusted for an https subscriber (its {@code CACerts}); null for none
 * @param deadLetterSinkCaCerts likewise for the dead letter sink
 * @param identity who sends, and the audiences of the subscriber and dead letter sink, for the
 *                 token the platform signs when authentication is on; null for none
 */
public record DeliveryTarget(URI subscriber, Map<String, String> headers, DeliveryPolicy policy, URI deadLetterSink,
    String subscriberCaCerts, String deadLetterSinkCaCerts, Identity identity) {

  /**
   * The sender's OIDC identity and its destinations' audiences (Knative's {@code audience} of a
   * Destination, else the destination's URL).
   *
   * @param subject the {@code sub} of the tokens, e.g. a Trigger's service-account subject
   * @param subscriberAudience the subscriber's audience; null for its URL
   * @param deadLetterAudience the dead letter sink's audience; null for its URL
   */
  public record Identity(String subject, String subscriberAudience, String deadLetterAudience) {
    public Identity {
      Objects.requireNonNull(subject, "subject");
    }
  }

  /** A target without CA certificates of its own nor an identity. */
  public DeliveryTarget(URI subscriber, Map<String, String> headers, DeliveryPolicy policy, URI deadLetterSink) {
    this(subscriber, headers, policy, deadLetterSink, null, null, null);
  }

  /** A target sent as {@code identity}. */
  public DeliveryTarget(URI subscriber, Map<String, String> headers, DeliveryPolicy policy, URI deadLetterSink,
      Identity identity) {
    this(subscriber, headers, policy, deadLetterSink, null, null, identity);
  }

  /** A copy sent as {@code newIdentity} (null for none). */
  public DeliveryTarget withIdentity(Identity newIdentity) {
    return new DeliveryTarget(subscriber, headers, policy, deadLetterSink, subscriberCaCerts, deadLetterSinkCaCerts,
        newIdentity);
  }

  /** The audience of a token for {@code destination} (the subscriber or the dead letter sink). */
  public String audienceOf(URI destination) {
    String given = identity == null ? null
        : destination.equals(deadLetterSink) && !destination.equals(subscriber) ? identity.deadLetterAudience()
        : identity.subscriberAudience();
    return given != null ? given : destination.toString();
  }

  public DeliveryTarget {
    requireHttpUri("subscriber", Objects.requireNonNull(subscriber, "subscriber"));
    if (deadLetterSink != null) {
      requireHttpUri("deadLetterSink", deadLetterSink);
    }
    Objects.requireNonNull(policy, "policy");
    headers = headers == null ? Map.of() : Map.copyOf(headers);
  }

  /**
   * A copy whose subscriber and dead letter sink trust these PEM certificates (their Destinations'
   * {@code CACerts}; null for none) besides the client's.
   */
  public DeliveryTarget withCaCerts(String subscriberCaCerts, String deadLetterSinkCaCerts) {
    return new DeliveryTarget(subscriber, headers, policy, deadLetterSink, subscriberCaCerts, deadLetterSinkCaCerts,
        identity);
  }

  /** The PEM certificates trusted for {@code destination}: the subscriber's or the dead letter sink's, or null. */
  public String caCertsFor(URI destination) {
    if (destination.equals(subscriber)) {
      return subscriberCaCerts;
    }
    return destination.equals(deadLetterSink) ? deadLetterSinkCaCerts : null;
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
