package dev.kafkaeventing.platform.cli;

import java.util.Locale;
import java.util.Set;

/**
 * Reads {@code trigger/NAME} (any name of the Trigger kind: {@code triggers/NAME},
 * {@code trigger.eventing.knative.dev/NAME} too). Spelled out here rather than looked up in the
 * resource model, so that the CLI client starts without loading it.
 */
final class TriggerRef {

  private static final Set<String> TRIGGER = Set.of("trigger", "triggers", "trigger.eventing.knative.dev",
      "triggers.eventing.knative.dev");

  private TriggerRef() {}

  /** The Trigger's name. */
  static String name(String reference) {
    int slash = reference.indexOf('/');
    if (slash <= 0 || slash == reference.length() - 1
        || !TRIGGER.contains(reference.substring(0, slash).toLowerCase(Locale.ROOT))) {
      throw new CliException("expected trigger/NAME, got '" + reference + "'");
    }
    return reference.substring(slash + 1);
  }
}
