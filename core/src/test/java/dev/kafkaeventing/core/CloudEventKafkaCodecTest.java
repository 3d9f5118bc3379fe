package dev.kafkaeventing.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class CloudEventKafkaCodecTest {

  private static final CloudEvent FULL_EVENT = CloudEventBuilder.v1()
      .withId("42").withSource(URI.create("https://example.com/orders")).withType("order.created")
      .withSubject("caf\u00e9 \"x\" 100%")
      .withTime(OffsetDateTime.parse("2024-05-01T10:15:30.123+02:00"))
      .withDataSchema(URI.create("https://example.com/schema"))
      .withExtension("partitionkey", "customer-7")
      .withExtension("count", 7)
      .withExtension("flag", true)
      .withExtension("traceparent", "00-abc-def-01")
      .withData("application/json", "{\"total\": 12.50}".getBytes(UTF_8))
      .build();

  @Test
  void shouldWriteBinaryModeRecordWhenMappingAnEvent() {
    ProducerRecord<byte[], byte[]> record = CloudEventKafkaCodec.toRecord("topic-a", FULL_EVENT);

    assertThat(record.topic()).isEqualTo("topic-a");
    assertThat(record.partition()).isNull();
    assertThat(headerList(record.headers())).containsExactly(
        "ce_specversion=1.0", "ce_id=42", "ce_source=https://example.com/orders",
        "ce_type=order.created", "ce_dataschema=https://example.com/schema",
        "ce_subject=caf\u00e9 \"x\" 100%", "ce_time=2024-05-01T10:15:30.123+02:00",
        "ce_count=7", "ce_flag=true", "ce_partitionkey=customer-7", "ce_traceparent=00-abc-def-01",
        "content-type=application/json");
    assertThat(new String(record.key(), UTF_8)).isEqualTo("customer-7");
    assertThat(new String(record.value(), UTF_8)).isEqualTo("{\"total\": 12.50}");
  }

  @Test
  void shouldReproduceTheSameBytesWhenRecordIsReadAndWrittenAgain() throws Exception {
    ProducerRecord<byte[], byte[]> first = CloudEventKafkaCodec.toRecord("t", FULL_EVENT);

    CloudEvent read = CloudEventKafkaCodec.fromRecord(first.headers(), first.key(), first.value());
    ProducerRecord<byte[], byte[]> second = CloudEventKafkaCodec.toRecord("t", read);

    assertThat(rawHeaders(second.headers())).containsExactlyElementsOf(rawHeaders(first.headers()));
    assertThat(second.key()).isEqualTo(first.key());
    assertThat(second.value()).isEqualTo(first.value());
    assertThat(read.getExtension("partitionkey")).isEqualTo("customer-7");
    assertThat(read.getTime()).isEqualTo(FULL_EVENT.getTime());
  }

  @Test
  void shouldReadBackTheSameEventWhenWrittenInStructuredMode() throws Exception {
    ProducerRecord<byte[], byte[]> record = CloudEventKafkaCodec.toStructuredRecord("t", FULL_EVENT);

    CloudEvent read = CloudEventKafkaCodec.fromRecord(record.headers(), record.key(), record.value());

    assertThat(headerList(record.headers())).containsExactly("content-type=application/cloudevents+json");
    assertThat(new String(record.key(), UTF_8)).isEqualTo("customer-7");
    assertThat(read.getId()).isEqualTo(FULL_EVENT.getId());
    assertThat(read.getExtension("partitionkey")).isEqualTo("customer-7");
    assertThat(read.getTime()).isEqualTo(FULL_EVENT.getTime());
    assertThat(read.getData().toBytes()).isEqualTo(FULL_EVENT.getData().toBytes());
  }

  @Test
  void shouldKeepSpecVersion03WhenRoundTripping() throws Exception {
    CloudEvent event = CloudEventBuilder.v03()
        .withId("1").withSource(URI.create("/s")).withType("t")
        .withDataSchema(URI.create("/schema"))
        .build();

    ProducerRecord<byte[], byte[]> record = CloudEventKafkaCodec.toRecord("t", event);
    CloudEvent read = CloudEventKafkaCodec.fromRecord(record.headers(), record.key(), record.value());

    assertThat(headerList(record.headers()))
        .containsExactly("ce_specversion=0.3", "ce_id=1", "ce_source=/s", "ce_type=t", "ce_schemaurl=/schema");
    assertThat(record.key()).isNull();
    assertThat(record.value()).isNull();
    assertThat(read).isEqualTo(event);
    assertThat(read.getSpecVersion()).isEqualTo(SpecVersion.V03);
  }

  @Test
  void shouldRoundTripEventThatCameOverHttp() throws Exception {
    byte[] json = ("{'specversion':'1.0','id':'1','source':'/s','type':'t','count':7,"
        + "'partitionkey':'k','data':{'a':1}}").replace('\'', '"').getBytes(UTF_8);
    CloudEvent fromHttp = CloudEventHttpCodec.decode(CloudEventHttpCodecTest.structured(), json).get(0);

    ProducerRecord<byte[], byte[]> record = CloudEventKafkaCodec.toRecord("t", fromHttp);
    CloudEvent fromKafka = CloudEventKafkaCodec.fromRecord(record.headers(), record.key(), record.value());

    assertThat(new String(record.key(), UTF_8)).isEqualTo("k");
    assertThat(fromKafka.getExtension("count")).isEqualTo("7");
    assertThat(fromKafka.getData().toBytes()).isEqualTo("{\"a\":1}".getBytes(UTF_8));
  }

  @Test
  void shouldReadStructuredRecordWhenContentTypeIsCloudEventsJson() throws Exception {
    Headers headers = new RecordHeaders().add("Content-Type", bytes("x"))
        .add("content-type", bytes("Application/CloudEvents+JSON; charset=utf-8"));
    byte[] value = bytes("{\"specversion\":\"1.0\",\"id\":\"9\",\"source\":\"/s\",\"type\":\"t\"}");

    CloudEvent event = CloudEventKafkaCodec.fromRecord(headers, null, value);

    assertThat(event.getId()).isEqualTo("9");
  }

  @Test
  void shouldTypeJsonDataAsApplicationJsonWhenStructuredRecordHasNoDataContentType()
      throws Exception {
    Headers headers = new RecordHeaders()
        .add("content-type", bytes("application/cloudevents+json"));
    byte[] value = bytes("{\"specversion\":\"1.0\",\"id\":\"9\",\"source\":\"/s\","
        + "\"type\":\"t\",\"data\":{\"a\":1}}");

    CloudEvent event = CloudEventKafkaCodec.fromRecord(headers, null, value);

    assertThat(event.getDataContentType()).isEqualTo("application/json");
    assertThat(event.getData().toBytes()).isEqualTo(bytes("{\"a\":1}"));
  }

  @Test
  void shouldReadHeaderNamesCaseInsensitivelyAndIgnoreForeignHeaders() throws Exception {
    Headers headers = new RecordHeaders()
        .add("CE_SPECVERSION", bytes("1.0")).add("ce_ID", bytes("1")).add("ce_source", bytes("/s"))
        .add("ce_type", bytes("t")).add("traceparent", bytes("x")).add("ce_empty", null);

    CloudEvent event = CloudEventKafkaCodec.fromRecord(headers, bytes("key"), new byte[0]);

    assertThat(event.getId()).isEqualTo("1");
    assertThat(event.getExtensionNames()).containsExactly("empty");
    assertThat(event.getExtension("partitionkey")).isNull();
    assertThat(event.getData().toBytes()).isEmpty();
  }

  @Test
  void shouldSetGivenExtensionsReplacingTheRecordsOwnWhenReadWithExtensions() throws Exception {
    Headers headers = new RecordHeaders()
        .add("ce_specversion", bytes("1.0")).add("ce_id", bytes("1")).add("ce_source", bytes("/s"))
        .add("ce_type", bytes("t")).add("ce_knativekafkaoffset", bytes("3")).add("ce_region", bytes("eu"));
    Map<String, Object> knative = Map.of("knativekafkapartition", 2, "knativekafkaoffset", 99L);

    CloudEvent binary = CloudEventKafkaCodec.fromRecord(headers, null, null, knative);
    CloudEvent structured = CloudEventKafkaCodec.fromRecord(
        CloudEventKafkaCodec.toStructuredRecord("t", binary).headers(),
        null, CloudEventKafkaCodec.toStructuredRecord("t", binary).value(), Map.of("knativekafkaoffset", 7L));

    assertThat(binary.getExtensionNames()).containsExactlyInAnyOrder("knativekafkapartition", "knativekafkaoffset",
        "region");
    assertThat(binary.getExtension("knativekafkapartition")).isEqualTo(2);
    assertThat(binary.getExtension("knativekafkaoffset")).isEqualTo(99L);
    assertThat(binary.getExtension("region")).isEqualTo("eu");
    assertThat(structured.getExtension("knativekafkaoffset")).isEqualTo(7L);
    assertThat(structured.getExtension("region")).isEqualTo("eu");
  }

  @Test
  void shouldRejectWhenRecordIsNotAValidCloudEvent() {
    Headers noSpecVersion = new RecordHeaders().add("ce_id", bytes("1"));
    Headers badUtf8 = new RecordHeaders().add("ce_specversion", bytes("1.0"))
        .add("ce_id", new byte[] {(byte) 0xC0, (byte) 0xA0}).add("ce_source", bytes("/s")).add("ce_type", bytes("t"));
    Headers emptySubject = new RecordHeaders().add("ce_specversion", bytes("1.0"))
        .add("ce_id", bytes("1")).add("ce_source", bytes("/s")).add("ce_type", bytes("t")).add("ce_subject", bytes(""));
    Headers batch = new RecordHeaders().add("content-type", bytes("application/cloudevents-batch+json"));

    assertThatThrownBy(() -> CloudEventKafkaCodec.fromRecord(noSpecVersion, null, null))
        .isInstanceOf(InvalidEventException.class).hasMessageContaining("no ce_specversion header");
    assertThatThrownBy(() -> CloudEventKafkaCodec.fromRecord(badUtf8, null, null))
        .isInstanceOf(InvalidEventException.class).hasMessage("header ce_id is not valid UTF-8");
    assertThatThrownBy(() -> CloudEventKafkaCodec.fromRecord(emptySubject, null, null))
        .isInstanceOf(InvalidEventException.class).hasMessageContaining("subject must be a non-empty string");
    assertThatThrownBy(() -> CloudEventKafkaCodec.fromRecord(batch, null, bytes("[]")))
        .isInstanceOf(InvalidEventException.class).hasMessageContaining("unsupported event format");
  }

  private static List<String> headerList(Headers headers) {
    return StreamSupport.stream(headers.spliterator(), false)
        .map(h -> h.key() + "=" + new String(h.value(), UTF_8))
        .toList();
  }

  private static List<String> rawHeaders(Headers headers) {
    return StreamSupport.stream(headers.spliterator(), false)
        .map(CloudEventKafkaCodecTest::raw)
        .toList();
  }

  private static String raw(Header header) {
    return header.key() + "=" + Arrays.toString(header.value());
  }

  private static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }
}
