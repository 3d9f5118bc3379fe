package dev.kafkaeventing.broker.policy;

import dev.kafkaeventing.crds.ConfigMapData;
import dev.kafkaeventing.crds.Resource;

/**
 * The authentication switches: {@code authentication-oidc} and {@code default-authorization-mode}
 * from the ConfigMap {@code knative-eventing/config-features} (Knative's names), with {@code up
 * --auth oidc} forcing authentication on. Immutable.
 *
 * @param oidc whether publishers need a token
 * @param mode what applies where no EventPolicy does
 * @param problem why a flag was ignored, or null
 */
public record AuthFeatures(boolean oidc, AuthorizationMode mode, String problem) {

  public static final String NAMESPACE = "knative-eventing";
  public static final String CONFIG_MAP = "config-features";
  public static final String OIDC_KEY = "authentication-oidc";
  public static final String MODE_KEY = "default-authorization-mode";

  /** The flags of {@code configFeatures} (null when absent), authentication forced on when {@code forced}. */
  public static AuthFeatures read(Resource configFeatures, boolean forced) {
    if (configFeatures == null) {
      return new AuthFeatures(forced, AuthorizationMode.ALLOW_SAME_NAMESPACE, null);
    }
    var data = ConfigMapData.from(configFeatures).data();
    boolean oidc = forced || "enabled".equalsIgnoreCase(data.getOrDefault(OIDC_KEY, "disabled").trim());
    String mode = data.get(MODE_KEY);
    if (mode == null) {
      return new AuthFeatures(oidc, AuthorizationMode.ALLOW_SAME_NAMESPACE, null);
    }
    try {
      return new AuthFeatures(oidc, AuthorizationMode.of(mode), null);
    } catch (IllegalArgumentException e) {
      // Fail closed: a mistyped mode must not open every target.
      return new AuthFeatures(oidc, AuthorizationMode.DENY_ALL, e.getMessage() + "; deny-all applies");
    }
  }
}
