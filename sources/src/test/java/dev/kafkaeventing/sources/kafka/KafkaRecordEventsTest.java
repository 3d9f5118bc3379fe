package dev.kafkaeventing.sources.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kafkaeventing.core.InvalidEventException;
import dev.kafkaeventing.dispatcher.StreamRecord;
import io.cloudevents.CloudEvent;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KafkaRecordEventsTest {

  private final KafkaRecordEvents events = new KafkaRecordEvents("ns", "src", Map.of("team", "blue"));

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void shouldMakeKnativeKafkaEventWhenRecordIsNotACloudEvent() throws Exception {
    RecordHeaders headers = new RecordHeaders();
    headers.add("X-Trace_Id", utf8("t-1"));
    headers.add("content-type", utf8("text/plain"));
    StreamRecord record = new StreamRecord("orders", 2, 41, 1_700_000_000_000L, headers, utf8("k1"), utf8("hello"));

    CloudEvent event = events.decode(record);

    assertThat(event.getType()).isEqualTo("dev.knative.kafka.event");
    assertThat(event.getSource()).isEqualTo(URI.create("/apis/v1/namespaces/ns/kafkasources/src#orders"));
    assertThat(event.getSubject()).isEqualTo("partition:2#41");
    assertThat(event.getId()).isEqualTo("partition:2/offset:41");
    assertThat(event.getTime().toInstant()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
    assertThat(event.getExtension("key")).isEqualTo("k1");
    assertThat(event.getExtension("kafkaheaderxtraceid")).isEqualTo("t-1");
    assertThat(event.getExtension("kafkaheadercontenttype")).isEqualTo("text/plain");
    assertThat(event.getExtension("team")).isEqualTo("blue");
    assertThat(event.getData().toBytes()).isEqualTo(utf8("hello"));
  }

  @Test
  void shouldLeaveOutKeyAndDataWhenRecordHasNeither() throws Exception {
    StreamRecord record = new StreamRecord("orders", 0, 0, -1, new RecordHeaders(), null, null);

    CloudEvent event = events.decode(record);

    assertThat(event.getExtensionNames()).containsExactly("team");
    assertThat(event.getData()).isNull();
    assertThat(event.getTime()).isNull();
  }

  @Test
  void shouldForwardTheEventWhenRecordIsBinaryCloudEvent() throws Exception {
    RecordHeaders headers = new RecordHeaders();
    headers.add("ce_specversion", utf8("1.0"));
    headers.add("ce_id", utf8("e-1"));
    headers.add("ce_source", utf8("/producer"));
    headers.add("ce_type", utf8("order.created"));
    headers.add("ce_color", utf8("red"));
    headers.add("content-type", utf8("application/json"));
    StreamRecord record = new StreamRecord("orders", 0, 7, 0, headers, utf8("k"), utf8("{\"n\":1}"));

    CloudEvent event = events.decode(record);

    assertThat(event.getId()).isEqualTo("e-1");
    assertThat(event.getType()).isEqualTo("order.created");
    assertThat(event.getSource()).isEqualTo(URI.create("/producer"));
    assertThat(event.getDataContentType()).isEqualTo("application/json");
    assertThat(event.getExtension("color")).isEqualTo("red");
    assertThat(event.getExtension("team")).isEqualTo("blue");
    assertThat(event.getExtension("key")).isNull();
    assertThat(event.getData().toBytes()).isEqualTo(utf8("{\"n\":1}"));
  }

  @Test
  void shouldForwardTheEventWhenRecordIsStructuredCloudEvent() throws Exception {
    RecordHeaders headers = new RecordHeaders();
    headers.add("content-type", utf8("application/cloudevents+json; charset=UTF-8"));
    byte[] value = utf8("{\"specversion\":\"1.0\",\"id\":\"s-1\",\"source\":\"/s\",\"type\":\"t\","
        + "\"datacontenttype\":\"application/json\",\"data\":{\"a\":1}}");

    CloudEvent event = events.decode(new StreamRecord("orders", 0, 1, 0, headers, null, value));

    assertThat(event.getId()).isEqualTo("s-1");
    assertThat(event.getType()).isEqualTo("t");
    assertThat(new String(event.getData().toBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
  }

  @Test
  void shouldRefuseWhenBinaryCloudEventLacksRequiredAttributes() {
    RecordHeaders headers = new RecordHeaders();
    headers.add("ce_specversion", utf8("1.0"));
    headers.add("ce_type", utf8("t"));

    assertThatThrownBy(() -> events.decode(new StreamRecord("orders", 0, 1, 0, headers, null, null)))
        .isInstanceOf(InvalidEventException.class);
  }

  static Stream<Arguments> headerNames() {
    return Stream.of(
        Arguments.of("traceparent", "traceparent"),
        Arguments.of("X-Request-ID", "xrequestid"),
        Arguments.of("my_header.v2", "myheaderv2"),
        Arguments.of("Ünïcode", "ncode"));
  }

  @ParameterizedTest
  @MethodSource("headerNames")
  void shouldKeepOnlyLowercaseLettersAndDigitsWhenHeaderNameBecomesExtension(String header, String safe) {
    assertThat(KafkaRecordEvents.extensionSafe(header)).isEqualTo(safe);
  }
}
