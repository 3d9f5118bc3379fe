package dev.kafkaeventing.it;

import static dev.kafkaeventing.it.IngressRecords.headers;
import static dev.kafkaeventing.it.IngressRecords.readTopic;
import static dev.kafkaeventing.it.IngressRecords.recordWithId;
import static dev.kafkaeventing.it.IngressRecords.text;
import static dev.kafkaeventing.it.IngressRecords.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.kafkaeventing.it.harness.PlatformHarness;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Events posted to a Broker's URL in each content mode land in its topic in the Kafka binding's
 * binary mode: attributes and extensions as {@code ce_} headers, the data as the value byte for
 * byte, the {@code partitionkey} extension as the key. Read back with a plain consumer.
 */
class IngressContentModesTest {

  private static final String BROKER = "default";

  static PlatformHarness platform;
  static String namespace;
  static String topic;
  static String url;

  @BeforeAll
  static void start() {
    platform = PlatformHarness.start();
    namespace = PlatformHarness.uniqueNamespace();
    IngressRecords.applyReadyBroker(platform, namespace, BROKER);
    topic = IngressRecords.brokerTopic(namespace, BROKER);
    url = platform.brokerUrl(namespace, BROKER);
  }

  @AfterAll
  static void stop() {
    platform.close();
  }

  @Test
  void shouldWriteAttributesExtensionsKeyAndDataWhenEventIsPostedInBinaryMode() {
    String id = uniqueId();
    byte[] data = new byte[256];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) i;
    }

    HttpResponse<String> response = PlatformHarness.post(url, Map.of(
        "ce-specversion", "1.0",
        "ce-id", id,
        "ce-source", "/it/binary",
        "ce-type", "dev.example.binary",
        "ce-subject", "order-42",
        "ce-time", "2026-01-02T03:04:05.678Z",
        "ce-dataschema", "https://example.com/schema/1",
        "ce-partitionkey", "order-42",
        "Ce-ComExampleExtension", "some-value",
        "content-type", "application/octet-stream"), data);

    assertThat(response.statusCode()).isEqualTo(202);
    ConsumerRecord<byte[], byte[]> record = recordWithId(topic, id);
    assertThat(headers(record)).containsExactlyInAnyOrderEntriesOf(Map.of(
        "ce_specversion", "1.0",
        "ce_id", id,
        "ce_source", "/it/binary",
        "ce_type", "dev.example.binary",
        "ce_subject", "order-42",
        "ce_time", "2026-01-02T03:04:05.678Z",
        "ce_dataschema", "https://example.com/schema/1",
        "ce_partitionkey", "order-42",
        "ce_comexampleextension", "some-value",
        "content-type", "application/octet-stream"));
    assertThat(text(record.key())).isEqualTo("order-42");
    assertThat(record.value()).isEqualTo(data);
  }

  @Test
  void shouldKeepJsonDataAsWrittenWhenEventIsPostedInStructuredMode() {
    String id = uniqueId();
    String data = "{\"amount\": 1.50, \"items\":[1, 2e3], \"note\":\"caf\\u00e9\"}";
    String event = """
        {"specversion":"1.0","id":"%s","source":"/it/structured","type":"dev.example.structured",
         "datacontenttype":"application/json","partitionkey":"p-1",
         "comexampleint":42,"comexamplebool":true,"data":%s}""".formatted(id, data);

    HttpResponse<String> response = PlatformHarness.post(url,
        Map.of("content-type", "application/cloudevents+json"), utf8(event));

    assertThat(response.statusCode()).isEqualTo(202);
    ConsumerRecord<byte[], byte[]> record = recordWithId(topic, id);
    assertThat(headers(record)).containsExactlyInAnyOrderEntriesOf(Map.of(
        "ce_specversion", "1.0",
        "ce_id", id,
        "ce_source", "/it/structured",
        "ce_type", "dev.example.structured",
        "ce_partitionkey", "p-1",
        "ce_comexampleint", "42",
        "ce_comexamplebool", "true",
        "content-type", "application/json"));
    assertThat(text(record.key())).isEqualTo("p-1");
    assertThat(record.value()).isEqualTo(utf8(data));
  }

  @Test
  void shouldWriteDecodedBytesWhenStructuredEventCarriesDataBase64() {
    String id = uniqueId();
    byte[] data = {0, 1, 2, (byte) 0xfe, (byte) 0xff};
    String event = """
        {"specversion":"1.0","id":"%s","source":"/it/base64","type":"dev.example.bytes",
         "datacontenttype":"application/octet-stream","data_base64":"%s"}"""
        .formatted(id, Base64.getEncoder().encodeToString(data));

    HttpResponse<String> response = PlatformHarness.post(url,
        Map.of("content-type", "Application/CloudEvents+JSON; charset=UTF-8"), utf8(event));

    assertThat(response.statusCode()).isEqualTo(202);
    ConsumerRecord<byte[], byte[]> record = recordWithId(topic, id);
    assertThat(record.value()).isEqualTo(data);
    assertThat(record.key()).isNull();
    assertThat(headers(record)).contains(entry("content-type", "application/octet-stream"))
        .doesNotContainKey("ce_data_base64");
  }

  @Test
  void shouldWriteTheTextWhenStructuredEventCarriesStringDataOfTextType() {
    String id = uniqueId();
    String event = """
        {"specversion":"1.0","id":"%s","source":"/it/text","type":"dev.example.text",
         "datacontenttype":"text/plain","data":"line \\"one\\"\\nline two"}""".formatted(id);

    HttpResponse<String> response = PlatformHarness.post(url,
        Map.of("content-type", "application/cloudevents+json"), utf8(event));

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(text(recordWithId(topic, id).value())).isEqualTo("line \"one\"\nline two");
  }

  @Test
  void shouldWriteEveryEventInBatchOrderWhenEventsArePostedInBatchedMode() {
    String batch = UUID.randomUUID().toString();
    String event = """
        {"specversion":"1.0","id":"%s-%d","source":"/it/batch","type":"dev.example.batch",
         "partitionkey":"%s","data":{"n":%d}}""";
    String body = "[" + event.formatted(batch, 1, batch, 1) + ", "
        + event.formatted(batch, 2, batch, 2) + ",\n" + event.formatted(batch, 3, batch, 3) + "]";

    HttpResponse<String> response = PlatformHarness.post(url,
        Map.of("content-type", "application/cloudevents-batch+json"), utf8(body));

    assertThat(response.statusCode()).isEqualTo(202);
    List<ConsumerRecord<byte[], byte[]>> records = readTopic(topic).stream()
        .filter(r -> batch.equals(text(r.key())))
        .toList();
    assertThat(records).extracting(r -> headers(r).get("ce_id"))
        .containsExactly(batch + "-1", batch + "-2", batch + "-3");
    assertThat(records).extracting(r -> text(r.value()))
        .containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
    assertThat(records).extracting(ConsumerRecord::partition).containsOnly(records.get(0).partition());
  }

  @Test
  void shouldKeepSpecVersion03WhenEventIsPostedInBinaryMode() {
    String id = uniqueId();

    HttpResponse<String> response = PlatformHarness.post(url, Map.of(
        "ce-specversion", "0.3",
        "ce-id", id,
        "ce-source", "/it/v03",
        "ce-type", "dev.example.v03",
        "ce-schemaurl", "https://example.com/schema/03",
        "content-type", "text/plain"), utf8("version 0.3"));

    assertThat(response.statusCode()).isEqualTo(202);
    ConsumerRecord<byte[], byte[]> record = recordWithId(topic, id);
    assertThat(headers(record)).containsExactlyInAnyOrderEntriesOf(Map.of(
        "ce_specversion", "0.3",
        "ce_id", id,
        "ce_source", "/it/v03",
        "ce_type", "dev.example.v03",
        "ce_schemaurl", "https://example.com/schema/03",
        "content-type", "text/plain"));
    assertThat(text(record.value())).isEqualTo("version 0.3");
  }

  @Test
  void shouldKeepSpecVersion03WhenStructuredEventCarriesBase64Data() {
    String id = uniqueId();
    String event = """
        {"specversion":"0.3","id":"%s","source":"/it/v03","type":"dev.example.v03",
         "datacontenttype":"application/octet-stream","datacontentencoding":"base64","data":"AAEC"}"""
        .formatted(id);

    HttpResponse<String> response = PlatformHarness.post(url,
        Map.of("content-type", "application/cloudevents+json"), utf8(event));

    assertThat(response.statusCode()).isEqualTo(202);
    ConsumerRecord<byte[], byte[]> record = recordWithId(topic, id);
    assertThat(headers(record)).contains(entry("ce_specversion", "0.3"))
        .doesNotContainKeys("ce_datacontentencoding", "ce_dataschema");
    assertThat(record.value()).isEqualTo(new byte[] {0, 1, 2});
  }

  @Test
  void shouldDecodePercentEncodedValuesWhenBinaryHeadersAreEncoded() {
    String id = uniqueId();

    HttpResponse<String> response = PlatformHarness.post(url, Map.of(
        "ce-specversion", "1.0",
        "ce-id", id,
        "ce-source", "/it/percent",
        "ce-type", "dev.example.percent",
        "ce-subject", "%E2%82%AC%20100%20%22net%22%25",
        "ce-comexampleplace", "K%C3%B8benhavn"), new byte[0]);

    assertThat(response.statusCode()).isEqualTo(202);
    ConsumerRecord<byte[], byte[]> record = recordWithId(topic, id);
    assertThat(headers(record))
        .contains(entry("ce_subject", "€ 100 \"net\"%"), entry("ce_comexampleplace", "København"))
        .doesNotContainKey("content-type");
    assertThat(record.value()).isNull();
  }

  private static String uniqueId() {
    return UUID.randomUUID().toString();
  }
}
