package dev.kafkaeventing.ingress.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** Hand-off of requests to the sender; Kafka is a MockProducer, acknowledged by hand. */
class IngressPublisherTest {

  private final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
  private final Queue<Runnable> senderTasks = new ArrayDeque<>();
  private final List<Exception> outcomes = new ArrayList<>();

  @Test
  void shouldSendRequestsQueuedMeanwhileInOneSenderTaskWhenSenderIsBusy() {
    IngressPublisher publisher = new IngressPublisher(producer, senderTasks::add);
    publisher.publish(List.of(record("a")), outcomes::add);
    publisher.publish(List.of(record("b"), record("c")), outcomes::add);
    publisher.publish(List.of(record("d")), outcomes::add);

    int tasks = senderTasks.size();
    senderTasks.poll().run();
    while (producer.completeNext()) {
      // acknowledge every record sent
    }

    assertThat(tasks).isEqualTo(1);
    assertThat(producer.history()).extracting(r -> new String(r.key(), UTF_8)).containsExactly("a", "b", "c", "d");
    assertThat(outcomes).hasSize(3).containsOnlyNulls();
  }

  @Test
  void shouldStartAnotherSenderTaskWhenRequestArrivesAfterDrainEnded() {
    IngressPublisher publisher = new IngressPublisher(producer, senderTasks::add);
    publisher.publish(List.of(record("a")), outcomes::add);
    senderTasks.poll().run();

    publisher.publish(List.of(record("b")), outcomes::add);

    assertThat(senderTasks).hasSize(1);
    senderTasks.poll().run();
    assertThat(producer.history()).extracting(r -> new String(r.key(), UTF_8)).containsExactly("a", "b");
  }

  @Test
  void shouldFailRequestWhenSenderRefusesWork() throws InterruptedException {
    Executor refusing = task -> {
      throw new RejectedExecutionException("sender stopped");
    };
    IngressPublisher publisher = new IngressPublisher(producer, refusing);

    publisher.publish(List.of(record("a")), outcomes::add);
    publisher.publish(List.of(record("b")), outcomes::add);

    assertThat(outcomes).hasSize(2).allMatch(e -> e instanceof RejectedExecutionException);
    assertThat(producer.history()).isEmpty();
    assertThat(publisher.awaitIdle(Duration.ZERO)).isTrue();
  }

  @Test
  void shouldSendOnCallersThreadWhenKafkaAcknowledgedTheTopicAndBufferHasRoom() {
    IngressPublisher publisher = new IngressPublisher(producer, senderTasks::add, headroom(32 << 20, 32 << 20));
    publisher.publish(List.of(record("a")), outcomes::add);
    senderTasks.poll().run();
    producer.completeNext();

    publisher.publish(List.of(record("b")), outcomes::add);

    assertThat(senderTasks).isEmpty();
    assertThat(producer.history()).extracting(r -> new String(r.key(), UTF_8)).containsExactly("a", "b");
    producer.completeNext();
    assertThat(outcomes).hasSize(2).containsOnlyNulls();
  }

  @Test
  void shouldSendThroughSenderWhenTopicNeverAcknowledged() {
    IngressPublisher publisher = new IngressPublisher(producer, senderTasks::add, headroom(32 << 20, 32 << 20));

    publisher.publish(List.of(record("a")), outcomes::add);

    assertThat(senderTasks).hasSize(1);
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void shouldSendThroughSenderWhenARecordOfTheTopicFailedSinceItsLastAcknowledgement() {
    IngressPublisher publisher = new IngressPublisher(producer, senderTasks::add, headroom(32 << 20, 32 << 20));
    publisher.publish(List.of(record("a")), outcomes::add);
    senderTasks.poll().run();
    producer.completeNext();
    publisher.publish(List.of(record("b")), outcomes::add);
    producer.errorNext(new org.apache.kafka.common.errors.TimeoutException("not acknowledged"));

    publisher.publish(List.of(record("c")), outcomes::add);

    assertThat(senderTasks).hasSize(1);
    assertThat(producer.history()).extracting(r -> new String(r.key(), UTF_8)).containsExactly("a", "b");
  }

  @Test
  void shouldSendOnCallersThreadAgainWhenKafkaAcknowledgesTheTopicAfterAFailure() {
    IngressPublisher publisher = new IngressPublisher(producer, senderTasks::add, headroom(32 << 20, 32 << 20));
    publisher.publish(List.of(record("a")), outcomes::add);
    senderTasks.poll().run();
    producer.completeNext();
    publisher.publish(List.of(record("b")), outcomes::add);
    producer.errorNext(new org.apache.kafka.common.errors.TimeoutException("not acknowledged"));
    publisher.publish(List.of(record("c")), outcomes::add);
    senderTasks.poll().run();
    producer.completeNext();

    publisher.publish(List.of(record("d")), outcomes::add);

    assertThat(senderTasks).isEmpty();
    assertThat(producer.history()).extracting(r -> new String(r.key(), UTF_8)).containsExactly("a", "b", "c", "d");
  }

  @Test
  void shouldSendThroughSenderWhenLessThanHalfTheProducerBufferIsFree() {
    long[] free = {32 << 20};
    IngressPublisher publisher = new IngressPublisher(producer, senderTasks::add, headroom(free, 32 << 20));
    publisher.publish(List.of(record("a")), outcomes::add);
    senderTasks.poll().run();
    producer.completeNext();
    free[0] = 16 << 20;

    publisher.publish(List.of(record("b")), outcomes::add);

    assertThat(senderTasks).hasSize(1);
    assertThat(producer.history()).hasSize(1);
  }

  @Test
  void shouldSendThroughSenderWhenProducerHasNoBufferMetrics() {
    IngressPublisher publisher = new IngressPublisher(producer, senderTasks::add);
    publisher.publish(List.of(record("a")), outcomes::add);
    senderTasks.poll().run();
    producer.completeNext();

    publisher.publish(List.of(record("b")), outcomes::add);

    assertThat(senderTasks).hasSize(1);
  }

  private static IngressPublisher.Headroom headroom(long available, long total) {
    return headroom(new long[] {available}, total);
  }

  private static IngressPublisher.Headroom headroom(long[] available, long total) {
    return new IngressPublisher.Headroom() {
      @Override
      public long available() {
        return available[0];
      }

      @Override
      public long total() {
        return total;
      }
    };
  }

  private static ProducerRecord<byte[], byte[]> record(String key) {
    return new ProducerRecord<>("topic", key.getBytes(UTF_8), new byte[] {1});
  }
}
