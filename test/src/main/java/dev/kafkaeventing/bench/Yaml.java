package dev.kafkaeventing.bench;

/** The Knative resources the scenarios apply, as YAML. Stateless. */
final class Yaml {

  private Yaml() {}

  static String broker(String namespace, String name) {
    return """
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata: {name: %s, namespace: %s}
        """.formatted(name, namespace);
  }

  /**
   * A Trigger delivering to {@code uri}; with an exact filter on the type when {@code type} is not
   * null, else every event.
   */
  static String trigger(String namespace, String name, String broker, String type, String uri) {
    String filter = type == null ? "" : "  filter: {attributes: {type: \"" + type + "\"}}\n";
    return """
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata: {name: %s, namespace: %s}
        spec:
          broker: %s
        %s  subscriber: {uri: "%s"}
        """.formatted(name, namespace, broker, filter, uri);
  }

  /** Documents joined into one multi-document YAML stream. */
  static String documents(Iterable<String> documents) {
    StringBuilder out = new StringBuilder();
    for (String document : documents) {
      out.append("---\n").append(document);
    }
    return out.toString();
  }
}
