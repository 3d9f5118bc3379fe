package dev.kafkaeventing.platform.cli;

import dev.kafkaeventing.crds.ResourceKind;

/** Reads {@code trigger/NAME} (any name of the Trigger kind: {@code triggers/NAME} too). */
final class TriggerRef {

  private TriggerRef() {}

  /** The Trigger's name. */
  static String name(String reference) {
    int slash = reference.indexOf('/');
    if (slash <= 0 || slash == reference.length() - 1
        || ResourceKind.lookup(reference.substring(0, slash)).orElse(null) != ResourceKind.TRIGGER) {
      throw new CliException("expected trigger/NAME, got '" + reference + "'");
    }
    return reference.substring(slash + 1);
  }
}
