package dev.kafkaeventing.platform.cli;

import dev.kafkaeventing.platform.AuthOptions;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code up}'s publisher authentication: OIDC on or off, and the issuers whose tokens are trusted. */
public final class PublisherAuthOptions {

  @Option(names = "--auth", paramLabel = "none|oidc",
      description = "oidc: every request to a Broker, channel or KafkaSink needs a bearer token (OIDC JWT) for its"
          + " status.address.audience, and EventPolicies apply; so does every request to a Knative Service through"
          + " the activator (its Route's audience); deliveries carry the platform's own token."
          + " none (default): as config-features authentication-oidc says (disabled unless set).")
  String authMode;

  @Option(names = "--oidc-issuer", paramLabel = "URL",
      description = "An issuer whose tokens publishers may present (repeatable; pairs with --oidc-jwks by position)."
          + " The platform's own issuer is always trusted.")
  List<String> oidcIssuers = new ArrayList<>();

  @Option(names = "--oidc-jwks", paramLabel = "FILE|URL",
      description = "The keys of the --oidc-issuer at the same position: a JWKS file (read again when it changes)"
          + " or an http(s) URL (cached, refreshed every 5 minutes and on an unknown key id).")
  List<String> oidcJwks = new ArrayList<>();


  /** @throws IllegalArgumentException naming the flag whose value cannot be used */
  AuthOptions options() {
    return AuthOptions.of(authMode, oidcIssuers, oidcJwks);
  }
}
