package dev.kafkaeventing.crds;

import dev.kafkaeventing.crds.internal.Names;
import dev.kafkaeventing.crds.internal.Node;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A ConfigMap's contents, such as {@code kafka-broker-config} with
 * {@code default.topic.partitions}, {@code default.topic.replication.factor} and
 * {@code bootstrap.servers}. Values are strings, as in Kubernetes: numbers must be quoted in
 * YAML. Immutable and thread-safe.
 *
 * @param data never null
 * @param binaryData base64 text as written, never null; see {@link #getBinary(String)}
 * @param immutable whether the ConfigMap may no longer change
 */
public record ConfigMapData(Map<String, String> data, Map<String, String> binaryData,
    boolean immutable) {

  public ConfigMapData {
    data = data == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(data));
    binaryData = binaryData == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(binaryData));
  }

  /** @throws ResourceValidationException when the ConfigMap is invalid */
  public static ConfigMapData from(Resource resource) {
    return SpecViews.from(resource, ConfigMapData::read, ResourceKind.CONFIG_MAP);
  }

  public Optional<String> get(String key) {
    return Optional.ofNullable(data.get(key));
  }

  /** The decoded binary value at {@code key}. */
  public Optional<byte[]> getBinary(String key) {
    return Optional.ofNullable(binaryData.get(key)).map(Base64.getDecoder()::decode);
  }

  static ConfigMapData read(Node body) {
    int mark = body.problems().mark();
    Node dataNode = body.field("data");
    Map<String, String> data = dataNode.stringMap();
    data.keySet().forEach(k -> Names.checkConfigMapKey(k).ifPresent(dataNode.entry(k)::error));
    Node binaryNode = body.field("binaryData");
    Map<String, String> binary = binaryNode.stringMap();
    binary.forEach((key, value) -> {
      Names.checkConfigMapKey(key).ifPresent(binaryNode.entry(key)::error);
      if (data.containsKey(key)) {
        binaryNode.entry(key).error("key is also in data");
      }
      try {
        Base64.getDecoder().decode(value);
      } catch (IllegalArgumentException e) {
        binaryNode.entry(key).error("not valid base64");
      }
    });
    Boolean immutable = body.field("immutable").bool();
    return body.problems().cleanSince(mark)
        ? new ConfigMapData(data, binary, Boolean.TRUE.equals(immutable))
        : null;
  }
}
