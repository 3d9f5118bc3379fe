package dev.kafkaeventing.dispatcher.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class SurplusRecordsTest {

  private static final TopicPartition P0 = new TopicPartition("t", 0);
  private static final TopicPartition P1 = new TopicPartition("t", 1);
  private static final TopicPartition P2 = new TopicPartition("t", 2);

  private static ConsumerRecord<byte[], byte[]> record(TopicPartition partition, long offset) {
    return new ConsumerRecord<>(partition.topic(), partition.partition(), offset, null, new byte[100]);
  }

  private static List<ConsumerRecord<byte[], byte[]>> records(TopicPartition partition, long from, long to) {
    return LongStream.range(from, to).mapToObj(offset -> record(partition, offset)).toList();
  }

  @Test
  void shouldAnswerForEveryOffsetOfTheSpanReadAndNoOtherWhenRecordsAreKept() {
    SurplusRecords surplus = new SurplusRecords(1 << 20);
    List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>(records(P0, 10, 20));
    read.remove(5); // offset 15: a transaction marker, not a record

    surplus.keep(P0, 10, 20, read);

    assertThat(surplus.covers(P0, 10)).isTrue();
    assertThat(surplus.get(P0, 10).offset()).isEqualTo(10);
    assertThat(surplus.covers(P0, 15)).isTrue();
    assertThat(surplus.get(P0, 15)).isNull();
    assertThat(surplus.covers(P0, 9)).isFalse();
    assertThat(surplus.covers(P0, 20)).isFalse();
    assertThat(surplus.covers(P1, 12)).isFalse();
  }

  @Test
  void shouldReplaceAPartitionsSpanWhenItIsReadFurther() {
    SurplusRecords surplus = new SurplusRecords(1 << 20);
    surplus.keep(P0, 10, 20, records(P0, 10, 20));
    long oneSpan = surplus.bytes();

    surplus.keep(P0, 30, 40, records(P0, 30, 40));

    assertThat(surplus.covers(P0, 12)).isFalse();
    assertThat(surplus.get(P0, 35).offset()).isEqualTo(35);
    assertThat(surplus.bytes()).isEqualTo(oneSpan);
  }

  @Test
  void shouldDropThePartitionUsedLeastRecentlyWhenOverItsLimit() {
    SurplusRecords sizing = new SurplusRecords(1 << 20);
    sizing.keep(P0, 0, 10, records(P0, 0, 10));
    SurplusRecords surplus = new SurplusRecords(2 * sizing.bytes());
    surplus.keep(P0, 0, 10, records(P0, 0, 10));
    surplus.keep(P1, 0, 10, records(P1, 0, 10));
    surplus.covers(P0, 5); // P0 used again: P1 is now the least recent

    surplus.keep(P2, 0, 10, records(P2, 0, 10));

    assertThat(surplus.covers(P0, 5)).isTrue();
    assertThat(surplus.covers(P1, 5)).isFalse();
    assertThat(surplus.covers(P2, 5)).isTrue();
    assertThat(surplus.bytes()).isEqualTo(2 * sizing.bytes());
  }

  @Test
  void shouldKeepNothingWhenOneSpanAloneExceedsTheLimit() {
    SurplusRecords surplus = new SurplusRecords(100);

    surplus.keep(P0, 0, 10, records(P0, 0, 10));

    assertThat(surplus.covers(P0, 0)).isFalse();
    assertThat(surplus.bytes()).isZero();
  }

  @Test
  void shouldRefuseANegativeLimitWhenCreated() {
    assertThatThrownBy(() -> new SurplusRecords(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxBytes");
  }
}
