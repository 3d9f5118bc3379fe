package dev.kafkaeventing.broker.policy;

import dev.kafkaeventing.broker.policy.PolicyTable.CompiledPolicy;
import dev.kafkaeventing.broker.policy.PolicyTable.Target;
import dev.kafkaeventing.core.auth.TokenVerifier;
import dev.kafkaeventing.core.auth.Verification;
import dev.kafkaeventing.ingress.PublisherGate;
import io.cloudevents.CloudEvent;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The receiver's gate when authentication may be on: a bearer token verified by the {@link
 * TokenVerifier} with an audience of the target (else 401), then the EventPolicies of the target,
 * or the default authorization mode when none applies (else 403).
 *
 * <p>{@link #admit} runs on an ingress event loop; a token seen before is decided there from the
 * verifier's cache, a new one on the verifier's thread (which then also evaluates the policies'
 * filters). The table and the features are swapped whole by the control plane: lock-free reads.
 * Thread-safe.
 */
public final class EventPolicyGate implements PublisherGate {

  private static final String SERVICE_ACCOUNT = "system:serviceaccount:";
  private static final int MAX_TARGETS = 10_000;

  private final TokenVerifier verifier;
  /** Targets by path, so a request does not derive audiences again; bounded, cleared when full. */
  private final Map<String, Target> targets = new ConcurrentHashMap<>();
  private volatile PolicyTable table = PolicyTable.EMPTY;
  private volatile AuthFeatures features;

  /**
   * @param verifier checks tokens; null when no issuer is trusted (then every token is refused
   *     once authentication is on)
   * @param initial the features until the control plane reads {@code config-features}
   */
  public EventPolicyGate(TokenVerifier verifier, AuthFeatures initial) {
    this.verifier = verifier;
    this.features = initial;
  }

  void update(PolicyTable newTable, AuthFeatures newFeatures) {
    this.table = newTable;
    this.features = newFeatures;
  }

  /** The features in force. */
  public AuthFeatures features() {
    return features;
  }

  @Override
  public CompletableFuture<Admission> admit(String path, String authorization, List<CloudEvent> events) {
    AuthFeatures now = features;
    if (!now.oidc()) {
      return CompletableFuture.completedFuture(Admission.ALLOWED);
    }
    if (authorization == null || authorization.length() < 7
        || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return CompletableFuture.completedFuture(Admission.unauthenticated("missing bearer token"));
    }
    if (verifier == null) {
      return CompletableFuture.completedFuture(Admission.unauthenticated("no token issuer is trusted"));
    }
    String token = authorization.substring(7).trim();
    Verification known = verifier.cached(token);
    if (known != null) {
      return CompletableFuture.completedFuture(decide(known, path, events, now));
    }
    return verifier.verify(token).thenApply(v -> decide(v, path, events, now));
  }

  private Admission decide(Verification token, String path, List<CloudEvent> events, AuthFeatures now) {
    if (!token.verified()) {
      return Admission.unauthenticated("invalid token: " + token.error());
    }
    Target target = targetAt(path);
    if (target == null || token.audiences().stream().noneMatch(target.audiences()::contains)) {
      return Admission.unauthenticated("token audience " + token.audiences() + " is not "
          + (target == null ? "this target's" : String.join(" or ", target.audiences())));
    }
    List<CompiledPolicy> policies = table.policiesAt(path);
    if (policies.isEmpty()) {
      return byDefault(token.subject(), target, now.mode());
    }
    boolean subjectAllowed = false;
    for (CompiledPolicy policy : policies) {
      if (policy.allowsSubject(token.subject())) {
        subjectAllowed = true;
        if (policy.allowsEvents(events)) {
          return Admission.ALLOWED;
        }
      }
    }
    return Admission.forbidden(subjectAllowed
        ? "the event does not pass the filters of any EventPolicy allowing " + token.subject()
        : "no EventPolicy allows " + token.subject() + " to send here");
  }

  private Target targetAt(String path) {
    Target known = targets.get(path);
    if (known != null) {
      return known;
    }
    Target target = Target.ofPath(path);
    if (target != null) {
      if (targets.size() >= MAX_TARGETS) {
        targets.clear();
      }
      targets.put(path, target);
    }
    return target;
  }

  private static Admission byDefault(String subject, Target target, AuthorizationMode mode) {
    return switch (mode) {
      case ALLOW_ALL -> Admission.ALLOWED;
      case DENY_ALL -> Admission.forbidden("no EventPolicy applies here and the default mode is deny-all");
      case ALLOW_SAME_NAMESPACE -> subject.startsWith(SERVICE_ACCOUNT + target.namespace() + ":")
          ? Admission.ALLOWED
          : Admission.forbidden("no EventPolicy applies here and " + subject + " is not of namespace "
              + target.namespace() + " (default mode allow-same-namespace)");
    };
  }
}
