package dev.kafkaeventing.platform.cli;

import java.util.Locale;
import java.util.Map;

/**
 * Reads {@code broker/NAME}, {@code channel/NAME}, {@code kafkasink/NAME} (also {@code trigger/NAME}
 * where {@code allowTrigger}): what {@code send} and {@code tail} point at. Spelled out here rather
 * than looked up in the resource model, so the CLI client starts without loading it. Immutable.
 *
 * @param kind {@code broker}, {@code channel} (any channel kind: a Channel, else an InMemoryChannel or
 *     KafkaChannel of that name), {@code inmemorychannel}, {@code kafkachannel}, {@code kafkasink} or
 *     {@code trigger}
 * @param name the resource's name
 */
record EventTarget(String kind, String name) {

  private static final Map<String, String> KINDS = Map.ofEntries(
      Map.entry("broker", "broker"), Map.entry("brokers", "broker"), Map.entry("broker.eventing.knative.dev", "broker"),
      Map.entry("channel", "channel"), Map.entry("channels", "channel"), Map.entry("ch", "channel"),
      Map.entry("channel.messaging.knative.dev", "channel"), Map.entry("inmemorychannel", "inmemorychannel"),
      Map.entry("inmemorychannels", "inmemorychannel"), Map.entry("imc", "inmemorychannel"),
      Map.entry("kafkachannel", "kafkachannel"), Map.entry("kafkachannels", "kafkachannel"),
      Map.entry("kc", "kafkachannel"),
      Map.entry("kafkasink", "kafkasink"), Map.entry("kafkasinks", "kafkasink"),
      Map.entry("trigger", "trigger"), Map.entry("triggers", "trigger"));

  /** The kinds to look the name up as, in order. */
  java.util.List<String> kinds() {
    return kind.equals("channel") ? java.util.List.of("channel", "inmemorychannel", "kafkachannel")
        : java.util.List.of(kind);
  }

  static EventTarget parse(String reference, boolean allowTrigger) {
    String expected = allowTrigger ? "broker/NAME, channel/NAME or trigger/NAME" : "broker/NAME, channel/NAME or kafkasink/NAME";
    int slash = reference.indexOf('/');
    String kind = slash <= 0 ? null : KINDS.get(reference.substring(0, slash).toLowerCase(Locale.ROOT));
    if (kind == null || slash == reference.length() - 1 || kind.equals("trigger") && !allowTrigger
        || kind.equals("kafkasink") && allowTrigger) {
      throw new CliException("expected " + expected + ", got '" + reference + "'");
    }
    return new EventTarget(kind, reference.substring(slash + 1));
  }
}
