package dev.kafkaeventing.platform.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kafkaeventing.core.CloudEventKafkaCodec;
import dev.kafkaeventing.filter.EventFilters;
import dev.kafkaeventing.it.KafkaFixture;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The tail stream against the real embedded Kafka, with a sink standing in for the connection. */
class EventTailTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldDropAndReportCountWhenClientReadsTooSlowly() throws Exception {
    String topic = KafkaFixture.createTopic("tail", 1);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers()),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 1; i <= 5; i++) {
        producer.send(CloudEventKafkaCodec.toRecord(topic, CloudEventBuilder.v1().withId("e" + i)
            .withType("t").withSource(URI.create("/s")).build())).get();
      }
    }
    List<JsonNode> lines = new CopyOnWriteArrayList<>();
    AtomicInteger eventOffers = new AtomicInteger();
    HttpStream.Sink slowThenFast = new HttpStream.Sink() {
      @Override
      public boolean offer(byte[] chunk) {
        try {
          JsonNode line = JSON.readTree(new String(chunk, StandardCharsets.UTF_8));
          if (line.has("event") && eventOffers.incrementAndGet() <= 2) {
            return false; // the connection's buffer is full for the first two events
          }
          lines.add(line);
          return true;
        } catch (java.io.IOException e) {
          throw new IllegalStateException(e);
        }
      }

      @Override
      public boolean open() {
        return true;
      }
    };

    new EventTail(KafkaFixture.bootstrapServers(), topic, EventFilters.matchAll(), Instant.EPOCH, 3)
        .run(slowThenFast);

    assertThat(lines.get(0).path("tail").asText()).isEqualTo(topic);
    assertThat(lines).filteredOn(line -> line.has("event")).extracting(line -> line.path("event").path("id").asText())
        .containsExactly("e3", "e4", "e5");
    assertThat(lines).filteredOn(line -> line.has("dropped") && !line.has("heartbeat"))
        .extracting(line -> line.path("dropped").asLong()).containsExactly(2L);
  }
}
