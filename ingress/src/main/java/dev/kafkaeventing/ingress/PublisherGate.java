package dev.kafkaeventing.ingress;

import io.cloudevents.CloudEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Who may publish what to a path: authentication (a bearer token for the target's audience) and
 * authorization (EventPolicies, the default authorization mode). The receiver asks once per
 * request, after decoding its events and before producing any of them: nothing refused reaches
 * Kafka.
 *
 * <p>Called on a Netty event loop: an implementation answers at once from its caches or returns a
 * future it completes later on another thread (token verification, JWKS fetches), never blocking.
 * Thread-safe.
 */
@FunctionalInterface
public interface PublisherGate {

  /** Lets every request through (authentication off). */
  PublisherGate OPEN = (path, authorization, events) -> CompletableFuture.completedFuture(Admission.ALLOWED);

  /**
   * @param path as for {@link ReceiverRoutes#topicFor}
   * @param authorization the {@code Authorization} header, or null
   * @param events the request's events, decoded
   * @return the decision; never completes exceptionally
   */
  CompletableFuture<Admission> admit(String path, String authorization, List<CloudEvent> events);

  /**
   * A decision on one request. Immutable.
   *
   * @param outcome what the receiver answers
   * @param reason a one-line reason for a refusal (the response body); null when allowed
   */
  record Admission(Outcome outcome, String reason) {

    public static final Admission ALLOWED = new Admission(Outcome.ALLOWED, null);

    /** 401 with {@code WWW-Authenticate: Bearer}: no token, an invalid one, or the wrong audience. */
    public static Admission unauthenticated(String reason) {
      return new Admission(Outcome.UNAUTHENTICATED, reason);
    }

    /** 403: the sender is known but no policy lets it send this event here. */
    public static Admission forbidden(String reason) {
      return new Admission(Outcome.FORBIDDEN, reason);
    }
  }

  /** The three answers. */
  enum Outcome { ALLOWED, UNAUTHENTICATED, FORBIDDEN }
}
