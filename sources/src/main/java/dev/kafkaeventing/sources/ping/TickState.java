package dev.kafkaeventing.sources.ping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;

/**
 * The last tick of one PingSource, as recorded in the compacted ticks topic (key {@code ns/name}).
 * Immutable.
 *
 * @param uid the source's uid when the tick was sent
 * @param lastTick the latest tick sent (or the time the source was first scheduled)
 */
record TickState(String uid, Instant lastTick) {

  private static final ObjectMapper JSON = new ObjectMapper();

  byte[] toBytes() {
    return JSON.createObjectNode().put("uid", uid).put("lastTick", lastTick.toString()).toString()
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Null for a tombstone or a value this version cannot read. */
  static TickState fromBytes(byte[] value) {
    if (value == null) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(value);
      return new TickState(node.path("uid").asText(), Instant.parse(node.path("lastTick").asText()));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
