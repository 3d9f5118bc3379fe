package dev.kafkaeventing.core.auth;

import java.util.List;

/**
 * The outcome of checking a bearer token: its subject and audiences when the signature, issuer and
 * lifetime check out, else why not. Immutable.
 *
 * @param subject the {@code sub} claim; null when refused
 * @param audiences the {@code aud} claim; empty when refused
 * @param error why the token is refused; null when it verified
 * @param validUntilMillis until when this outcome may be reused (epoch millis)
 */
public record Verification(String subject, List<String> audiences, String error, long validUntilMillis) {

  public Verification {
    audiences = audiences == null ? List.of() : List.copyOf(audiences);
  }

  static Verification verified(String subject, List<String> audiences, long validUntilMillis) {
    return new Verification(subject, audiences, null, validUntilMillis);
  }

  static Verification refused(String error, long validUntilMillis) {
    return new Verification(null, List.of(), error, validUntilMillis);
  }

  /** Whether the token verified (its audience still has to match the target's). */
  public boolean verified() {
    return error == null;
  }
}
