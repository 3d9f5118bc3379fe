package dev.kafkaeventing.platform.cli;

import dev.kafkaeventing.crds.ResourceKind;

/**
 * Reads {@code trigger/NAME} or {@code subscription/NAME} (any name of either kind, e.g. {@code
 * triggers/NAME}, {@code sub/NAME}): the routes whose events can be parked. Immutable.
 *
 * @param kind {@code trigger} or {@code subscription}
 * @param name the resource's name
 */
record RouteRef(String kind, String name) {

  static RouteRef parse(String reference) {
    int slash = reference.indexOf('/');
    ResourceKind kind = slash <= 0 ? null : ResourceKind.lookup(reference.substring(0, slash)).orElse(null);
    if (slash == reference.length() - 1 || (kind != ResourceKind.TRIGGER && kind != ResourceKind.SUBSCRIPTION)) {
      throw new CliException("expected trigger/NAME or subscription/NAME, got '" + reference + "'");
    }
    return new RouteRef(kind == ResourceKind.TRIGGER ? "trigger" : "subscription", reference.substring(slash + 1));
  }

  /** The admin API's query for this kind: none for a Trigger (the API's default). */
  String query() {
    return kind.equals("trigger") ? "" : "?kind=" + kind;
  }

  /** e.g. {@code trigger default/orders}. */
  String describe(String namespace) {
    return kind + " " + namespace + "/" + name;
  }
}
