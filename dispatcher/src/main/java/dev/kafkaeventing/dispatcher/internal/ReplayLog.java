package dev.kafkaeventing.dispatcher.internal;

import dev.kafkaeventing.core.kafka.KafkaCluster;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.dispatcher.ReplayProgress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replays of a deployment, one JSON record per route uid in a compacted topic: what range,
 * how far, the read positions a restarted replay resumes from, and when its runner last wrote
 * ({@code updatedAt}: a running replay whose runner fell silent is adopted by another instance).
 * Thread-safe.
 */
final class ReplayLog {

  /** A recorded replay and when it was last written; {@code updatedAt} null in records from before it was kept. */
  record Recorded(ReplayProgress progress, Instant updatedAt) {}


  private static final Logger LOG = LoggerFactory.getLogger(ReplayLog.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final CompactedTopicReader reader;
  private final Producer<byte[], byte[]> producer;
  private final Clock clock;

  ReplayLog(KafkaCluster cluster, String topic, Producer<byte[], byte[]> producer, Clock clock) {
    this.reader = new CompactedTopicReader(cluster, topic, Duration.ofSeconds(30));
    this.producer = producer;
    this.clock = clock;
  }

  /** Every replay recorded, by route uid (blocking read of the topic). */
  Map<String, ReplayProgress> readAll() {
    Map<String, ReplayProgress> replays = new LinkedHashMap<>();
    readRecorded().forEach((uid, recorded) -> replays.put(uid, recorded.progress()));
    return replays;
  }

  /** Every replay recorded with when it was last written, by route uid (blocking read of the topic). */
  Map<String, Recorded> readRecorded() {
    Map<String, Recorded> replays = new LinkedHashMap<>();
    reader.read(key -> true).forEach((uid, value) -> replays.put(uid, decodeRecorded(value)));
    return replays;
  }

  /** Records a replay's progress (asynchronously; a lost update is superseded by the next). */
  Future<?> write(ReplayProgress progress, String label) {
    return producer.send(new ProducerRecord<>(reader.topic(), progress.routeUid().getBytes(StandardCharsets.UTF_8),
        encode(progress, clock.instant())), (metadata, error) -> {
          if (error != null) {
            LOG.warn("Could not record the progress of the replay for {}: {}", label,
                error.getMessage());
          }
        });
  }

  static byte[] encode(ReplayProgress p) {
    return encode(p, null);
  }

  static byte[] encode(ReplayProgress p, Instant updatedAt) {
    ObjectNode root = JSON.createObjectNode()
        .put("triggerUid", p.routeUid())
        .put("from", text(p.from()))
        .put("to", text(p.to()))
        .put("state", p.state().name())
        .put("total", p.total())
        .put("scanned", p.scanned())
        .put("matched", p.matched())
        .put("startedAt", text(p.startedAt()))
        .put("finishedAt", text(p.finishedAt()))
        .put("error", p.error())
        .put("owner", p.owner())
        .put("updatedAt", text(updatedAt));
    ObjectNode positions = root.putObject("positions");
    p.positions().forEach((partition, offset) -> positions.put(String.valueOf(partition), offset));
    ObjectNode ends = root.putObject("ends");
    p.ends().forEach((partition, offset) -> ends.put(String.valueOf(partition), offset));
    try {
      return JSON.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ReplayProgress decode(byte[] value) {
    return decodeRecorded(value).progress();
  }

  static Recorded decodeRecorded(byte[] value) {
    try {
      JsonNode root = JSON.readTree(value);
      return new Recorded(new ReplayProgress(root.path("triggerUid").asText(), instant(root.path("from")),
          instant(root.path("to")), ReplayProgress.State.valueOf(root.path("state").asText()),
          root.path("total").asLong(), root.path("scanned").asLong(), root.path("matched").asLong(),
          instant(root.path("startedAt")), instant(root.path("finishedAt")), root.path("error").asText(null),
          offsets(root.path("positions")), offsets(root.path("ends")), root.path("owner").asText(null)),
          instant(root.path("updatedAt")));
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable replay record", e);
    }
  }

  private static Map<Integer, Long> offsets(JsonNode node) {
    Map<Integer, Long> offsets = new HashMap<>();
    node.properties().forEach(entry -> offsets.put(Integer.parseInt(entry.getKey()), entry.getValue().asLong()));
    return offsets;
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  private static Instant instant(JsonNode node) {
    return node.isTextual() ? Instant.parse(node.asText()) : null;
  }
}
