package dev.kafkaeventing.platform;

import java.util.List;
import java.util.Objects;

/**
 * Publisher authentication settings from {@code up}: {@code --auth oidc} turns it on whatever
 * {@code config-features} says ({@code authentication-oidc: enabled} there turns it on too), and
 * each {@code --oidc-issuer} is trusted with the keys of the {@code --oidc-jwks} at the same
 * position (a JWKS file or an http(s) URL). The platform's own issuer (its deliveries' tokens) is
 * always trusted. Immutable.
 *
 * @param oidc authentication forced on
 * @param issuers trusted external issuers
 */
public record AuthOptions(boolean oidc, List<Issuer> issuers) {

  /** Authentication off unless {@code config-features} turns it on; no external issuer. */
  public static final AuthOptions NONE = new AuthOptions(false, List.of());

  public AuthOptions {
    issuers = List.copyOf(issuers);
  }

  /**
   * One trusted issuer.
   *
   * @param issuer the {@code iss} its tokens carry
   * @param jwks its keys: a JWKS file, or an http(s) URL
   */
  public record Issuer(String issuer, String jwks) {
    public Issuer {
      Objects.requireNonNull(issuer, "issuer");
      Objects.requireNonNull(jwks, "jwks");
    }
  }

  /**
   * Pairs {@code --oidc-issuer} and {@code --oidc-jwks} values by position.
   *
   * @throws IllegalArgumentException naming the options when their counts differ or a mode is unknown
   */
  public static AuthOptions of(String mode, List<String> issuers, List<String> jwks) {
    if (mode != null && !mode.equals("oidc") && !mode.equals("none")) {
      throw new IllegalArgumentException("--auth: '" + mode + "' is not oidc or none");
    }
    if (issuers.size() != jwks.size()) {
      throw new IllegalArgumentException("--oidc-issuer and --oidc-jwks go in pairs: got " + issuers.size()
          + " issuer(s) and " + jwks.size() + " JWKS");
    }
    List<Issuer> pairs = new java.util.ArrayList<>();
    for (int i = 0; i < issuers.size(); i++) {
      pairs.add(new Issuer(issuers.get(i), jwks.get(i)));
    }
    return new AuthOptions("oidc".equals(mode), pairs);
  }
}
