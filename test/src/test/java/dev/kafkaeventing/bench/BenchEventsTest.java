package dev.kafkaeventing.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkaeventing.core.CloudEventHttpCodec;
import io.cloudevents.CloudEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchEventsTest {

  @Test
  void shouldBuildAValidBatchOfEventsWithDataOfTheGivenSizeWhenBatched() throws Exception {
    BenchEvents batch = BenchEvents.batch(1024, 100);

    List<CloudEvent> events = CloudEventHttpCodec.decode(batch.headers(0, 0), batch.data());

    assertThat(batch.eventsPerRequest()).isEqualTo(100);
    assertThat(events).hasSize(100);
    assertThat(events).allSatisfy(event -> assertThat(event.getData().toBytes()).hasSize(1024));
    assertThat(events).extracting(CloudEvent::getId).doesNotHaveDuplicates();
  }
}
