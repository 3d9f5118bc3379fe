package dev.kafkaeventing.crds;

import java.util.Locale;

/**
 * The OIDC names Knative gives resources: a target's audience (published as {@code
 * status.address.audience}) and the subject of the identity a sender (a Trigger, Subscription or
 * source) carries, {@code system:serviceaccount:<namespace>:oidc-<group>-<kind>-<name>} like the
 * service account Knative creates for it. Stateless and thread-safe.
 */
public final class OidcIdentities {

  private OidcIdentities() {}

  /** {@code <group>/<kind>/<namespace>/<name>} in lower case, e.g. {@code eventing.knative.dev/broker/default/b}. */
  public static String audience(ResourceKind kind, String namespace, String name) {
    return (kind.group() + "/" + kind.kind() + "/" + namespace + "/" + name).toLowerCase(Locale.ROOT);
  }

  /** The subject of the identity the platform issues for {@code kind/namespace/name}. */
  public static String subject(ResourceKind kind, String namespace, String name) {
    String account = ("oidc-" + kind.group().replace('.', '-') + "-" + kind.kind() + "-" + name)
        .toLowerCase(Locale.ROOT);
    return "system:serviceaccount:" + namespace + ":" + account;
  }

  /** The subject for a reference to a known kind; null when the kind is not one the platform serves. */
  public static String subject(KReference ref, String defaultNamespace) {
    return ref.resourceKind()
        .map(k -> subject(k, ref.namespaceOr(defaultNamespace), ref.name()))
        .orElse(null);
  }
}
