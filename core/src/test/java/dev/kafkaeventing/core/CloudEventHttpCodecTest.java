package dev.kafkaeventing.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class CloudEventHttpCodecTest {

  @Test
  void shouldDecodeAllAttributesWhenEventIsInBinaryMode() throws Exception {
    HttpHeaders headers = headers(
        "ce-specversion", "1.0", "ce-id", "42", "ce-source", "/orders", "ce-type", "order.created",
        "ce-subject", "caf%C3%A9", "ce-time", "2024-05-01T10:15:30.5+02:00",
        "ce-dataschema", "https://example.com/schema", "ce-traceparent", "a%20b",
        "Content-Type", "application/json; charset=utf-8");

    List<CloudEvent> events = CloudEventHttpCodec.decode(headers, utf8("{\"a\": 1}"));

    assertThat(events).hasSize(1);
    CloudEvent event = events.get(0);
    assertThat(event.getSpecVersion()).isEqualTo(SpecVersion.V1);
    assertThat(event.getId()).isEqualTo("42");
    assertThat(event.getSource()).isEqualTo(URI.create("/orders"));
    assertThat(event.getType()).isEqualTo("order.created");
    assertThat(event.getSubject()).isEqualTo("caf\u00e9");
    assertThat(event.getTime()).isEqualTo(OffsetDateTime.parse("2024-05-01T10:15:30.5+02:00"));
    assertThat(event.getDataSchema()).isEqualTo(URI.create("https://example.com/schema"));
    assertThat(event.getExtension("traceparent")).isEqualTo("a b");
    assertThat(event.getDataContentType()).isEqualTo("application/json; charset=utf-8");
    assertThat(event.getData().toBytes()).isEqualTo(utf8("{\"a\": 1}"));
  }

  @Test
  void shouldKeepSpecVersion03WhenBinaryEventIs03() throws Exception {
    HttpHeaders headers = headers(
        "ce-specversion", "0.3", "ce-id", "1", "ce-source", "/s", "ce-type", "t",
        "ce-schemaurl", "https://example.com/schema", "ce-datacontentencoding", "base64");

    CloudEvent event = CloudEventHttpCodec.decode(headers, new byte[0]).get(0);

    assertThat(event.getSpecVersion()).isEqualTo(SpecVersion.V03);
    assertThat(event.getDataSchema()).isEqualTo(URI.create("https://example.com/schema"));
    assertThat(event.getExtensionNames()).isEmpty();
    assertThat(event.getData()).isNull();
  }

  @Test
  void shouldReadHeaderNamesCaseInsensitivelyWhenBinary() throws Exception {
    HttpHeaders headers = headers(
        "CE-SpecVersion", "1.0", "Ce-Id", "1", "CE-SOURCE", "/s", "ce-Type", "t", "CE-MyExt", "v");

    CloudEvent event = CloudEventHttpCodec.decode(headers, new byte[0]).get(0);

    assertThat(event.getId()).isEqualTo("1");
    assertThat(event.getExtension("myext")).isEqualTo("v");
  }

  @Test
  void shouldUseCeDataContentTypeWhenContentTypeHeaderIsMissing() throws Exception {
    HttpHeaders headers = headers(
        "ce-specversion", "1.0", "ce-id", "1", "ce-source", "/s", "ce-type", "t",
        "ce-datacontenttype", "text/plain");

    CloudEvent event = CloudEventHttpCodec.decode(headers, utf8("hi")).get(0);

    assertThat(event.getDataContentType()).isEqualTo("text/plain");
  }

  @Test
  void shouldDecodeStructuredEventWhenMediaTypeDiffersInCaseAndHasParameters() throws Exception {
    HttpHeaders headers = headers("Content-Type", "Application/CloudEvents+JSON ; charset=UTF-8");
    String json = "{'specversion':'1.0','id':'1','source':'/s','type':'t','count':7,'flag':true,"
        + "'datacontenttype':'application/json','data':{'b': [1, 2.50]}}";

    CloudEvent event = CloudEventHttpCodec.decode(headers, json(json)).get(0);

    assertThat(event.getId()).isEqualTo("1");
    assertThat(event.getExtension("count")).isEqualTo(7);
    assertThat(event.getExtension("flag")).isEqualTo(true);
    assertThat(new String(event.getData().toBytes(), UTF_8)).isEqualTo("{\"b\": [1, 2.50]}");
  }

  @Test
  void shouldDeliverJsonDataAsApplicationJsonWhenStructuredEventHasNoDataContentType()
      throws Exception {
    String json = "{'specversion':'1.0','id':'1','source':'/s','type':'t','data':{'b': [1, 2.50]}}";
    HttpHeaders out = new DefaultHttpHeaders();

    CloudEvent event = CloudEventHttpCodec.decode(structured(), json(json)).get(0);
    byte[] body = CloudEventHttpCodec.encodeBinary(event, out);

    assertThat(event.getDataContentType()).isEqualTo("application/json");
    assertThat(out.get("Content-Type")).isEqualTo("application/json");
    assertThat(new String(body, UTF_8)).isEqualTo("{\"b\": [1, 2.50]}");
  }

  @Test
  void shouldLeaveDataContentTypeUnsetWhenStructuredEventHasBase64DataOrNoData()
      throws Exception {
    String binary = "{'specversion':'1.0','id':'1','source':'/s','type':'t','data_base64':'AQID'}";
    String noData = "{'specversion':'1.0','id':'2','source':'/s','type':'t'}";
    String typed = "{'specversion':'1.0','id':'3','source':'/s','type':'t',"
        + "'datacontenttype':'text/plain','data':'hi'}";

    CloudEvent binaryEvent = CloudEventHttpCodec.decode(structured(), json(binary)).get(0);
    CloudEvent noDataEvent = CloudEventHttpCodec.decode(structured(), json(noData)).get(0);
    CloudEvent typedEvent = CloudEventHttpCodec.decode(structured(), json(typed)).get(0);

    assertThat(binaryEvent.getDataContentType()).isNull();
    assertThat(binaryEvent.getData().toBytes()).containsExactly(1, 2, 3);
    assertThat(noDataEvent.getDataContentType()).isNull();
    assertThat(typedEvent.getDataContentType()).isEqualTo("text/plain");
  }

  @Test
  void shouldKeepSpecVersion03WhenStructuredEventIs03() throws Exception {
    String json = "{'specversion':'0.3','id':'1','source':'/s','type':'t','schemaurl':'/schema',"
        + "'datacontenttype':'application/octet-stream','datacontentencoding':'base64',"
        + "'data':'AQID'}";

    CloudEvent event = CloudEventHttpCodec.decode(structured(), json(json)).get(0);

    assertThat(event.getSpecVersion()).isEqualTo(SpecVersion.V03);
    assertThat(event.getDataSchema()).isEqualTo(URI.create("/schema"));
    assertThat(event.getData().toBytes()).containsExactly(1, 2, 3);
    assertThat(event.getExtensionNames()).isEmpty();
  }

  @Test
  void shouldDecodeEveryEventWhenBatched() throws Exception {
    HttpHeaders headers = headers("Content-Type", "application/cloudevents-batch+json; charset=utf-8");
    String json = "[{'specversion':'1.0','id':'1','source':'/s','type':'t'},"
        + "{'specversion':'1.0','id':'2','source':'/s','type':'t','data_base64':'aGk='}]";

    List<CloudEvent> events = CloudEventHttpCodec.decode(headers, json(json));

    assertThat(events).extracting(CloudEvent::getId).containsExactly("1", "2");
    assertThat(events.get(1).getData().toBytes()).isEqualTo(utf8("hi"));
  }

  @Test
  void shouldYieldNoEventWhenBatchIsEmpty() throws Exception {
    HttpHeaders headers = headers("Content-Type", "application/cloudevents-batch+json");

    List<CloudEvent> events = CloudEventHttpCodec.decode(headers, utf8(" [ ] "));

    assertThat(events).isEmpty();
  }

  @Test
  void shouldNameTheEventWhenOneEventOfBatchIsInvalid() {
    HttpHeaders headers = headers("Content-Type", "application/cloudevents-batch+json");
    String json = "[{'specversion':'1.0','id':'1','source':'/s','type':'t'},"
        + "{'specversion':'1.0','source':'/s','type':'t'}]";

    assertThatThrownBy(() -> CloudEventHttpCodec.decode(headers, json(json)))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("event 2 of the batch: missing required attribute id");
  }

  @Test
  void shouldRejectWhenBatchMixesSpecVersions() {
    HttpHeaders headers = headers("Content-Type", "application/cloudevents-batch+json");
    String json = "[{'specversion':'1.0','id':'1','source':'/s','type':'t'},"
        + "{'specversion':'0.3','id':'2','source':'/s','type':'t'}]";

    assertThatThrownBy(() -> CloudEventHttpCodec.decode(headers, json(json)))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("share one specversion");
  }

  @Test
  void shouldReturnNullWhenReplyCarriesNoEvent() throws Exception {
    HttpHeaders headers = headers("Content-Type", "application/json");

    CloudEvent reply = CloudEventHttpCodec.decodeReply(headers, utf8("{\"ok\":true}"));

    assertThat(reply).isNull();
  }

  @Test
  void shouldDecodeReplyWhenBinaryOrStructured() throws Exception {
    HttpHeaders binary = headers("ce-specversion", "1.0", "ce-id", "1", "ce-source", "/s", "ce-type", "t");
    String json = "{'specversion':'1.0','id':'2','source':'/s','type':'t'}";

    CloudEvent fromBinary = CloudEventHttpCodec.decodeReply(binary, new byte[0]);
    CloudEvent fromStructured = CloudEventHttpCodec.decodeReply(structured(), json(json));

    assertThat(fromBinary.getId()).isEqualTo("1");
    assertThat(fromStructured.getId()).isEqualTo("2");
  }

  @Test
  void shouldThrowWhenReplyEventIsMalformedOrBatched() {
    HttpHeaders binary = headers("ce-specversion", "1.0", "ce-source", "/s", "ce-type", "t");
    HttpHeaders batch = headers("Content-Type", "application/cloudevents-batch+json");

    assertThatThrownBy(() -> CloudEventHttpCodec.decodeReply(binary, new byte[0]))
        .hasMessage("missing required attribute id");
    assertThatThrownBy(() -> CloudEventHttpCodec.decodeReply(batch, utf8("[]")))
        .hasMessageContaining("batched replies are not supported");
  }

  @Test
  void shouldWritePercentEncodedHeadersWhenEncodingBinary() {
    CloudEvent event = CloudEventBuilder.v1()
        .withId("id 1").withSource(URI.create("/s")).withType("t")
        .withSubject("caf\u00e9 \"x\" 100%")
        .withTime(OffsetDateTime.parse("2024-05-01T10:15:30Z"))
        .withExtension("count", 7)
        .withData("text/plain; charset=utf-8", utf8("hello"))
        .build();
    HttpHeaders out = new DefaultHttpHeaders();

    byte[] body = CloudEventHttpCodec.encodeBinary(event, out);

    assertThat(out.get("ce-specversion")).isEqualTo("1.0");
    assertThat(out.get("ce-id")).isEqualTo("id%201");
    assertThat(out.get("ce-subject")).isEqualTo("caf%C3%A9%20%22x%22%20100%25");
    assertThat(out.get("ce-time")).isEqualTo("2024-05-01T10:15:30Z");
    assertThat(out.get("ce-count")).isEqualTo("7");
    assertThat(out.get("Content-Type")).isEqualTo("text/plain; charset=utf-8");
    assertThat(out.contains("ce-datacontenttype")).isFalse();
    assertThat(body).isEqualTo(utf8("hello"));
  }

  @Test
  void shouldDecodeWhatItEncodedWhenRoundTrippingBinary() throws Exception {
    CloudEvent event = CloudEventBuilder.v03()
        .withId("\u20ac \ud83d\ude00").withSource(URI.create("urn:x")).withType("t")
        .withDataSchema(URI.create("https://example.com/s"))
        .withExtension("note", "50% \"off\"")
        .build();
    HttpHeaders headers = new DefaultHttpHeaders().set("Content-Type", "stale/type");

    byte[] body = CloudEventHttpCodec.encodeBinary(event, headers);
    CloudEvent decoded = CloudEventHttpCodec.decode(headers, body).get(0);

    assertThat(body).isEmpty();
    assertThat(headers.contains("Content-Type")).isFalse();
    assertThat(decoded).isEqualTo(event);
  }

  @Test
  void shouldTakeTraceContextHeadersAsExtensionsWhenEventHasNone() throws Exception {
    HttpHeaders headers = headers("ce-specversion", "1.0", "ce-id", "1", "ce-source", "/s", "ce-type", "t",
        "traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "tracestate", "k=v");

    CloudEvent event = CloudEventHttpCodec.decode(headers, new byte[0]).get(0);

    assertThat(event.getExtension("traceparent")).isEqualTo("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    assertThat(event.getExtension("tracestate")).isEqualTo("k=v");
  }

  @Test
  void shouldKeepEventTraceparentWhenHeaderDiffers() throws Exception {
    HttpHeaders headers = structured().add("traceparent", "00-11111111111111111111111111111111-2222222222222222-01");

    CloudEvent event = CloudEventHttpCodec.decode(headers,
        json("{'specversion':'1.0','id':'1','source':'/s','type':'t','traceparent':'00-aa-bb-01'}")).get(0);

    assertThat(event.getExtension("traceparent")).isEqualTo("00-aa-bb-01");
  }

  @Test
  void shouldWriteTraceparentHeaderWhenEventCarriesTheExtension() {
    CloudEvent event = CloudEventBuilder.v1().withId("1").withSource(URI.create("/s")).withType("t")
        .withExtension("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
        .build();
    HttpHeaders out = new DefaultHttpHeaders();

    CloudEventHttpCodec.encodeBinary(event, out);

    assertThat(out.get("traceparent")).isEqualTo("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    assertThat(out.get("ce-traceparent")).isEqualTo("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    assertThat(out.contains("tracestate")).isFalse();
  }

  static HttpHeaders headers(String... namesAndValues) {
    HttpHeaders headers = new DefaultHttpHeaders();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return headers;
  }

  static HttpHeaders structured() {
    return headers("Content-Type", "application/cloudevents+json");
  }

  /** JSON written with single quotes for readability. */
  static byte[] json(String singleQuoted) {
    return utf8(singleQuoted.replace('\'', '"'));
  }

  static byte[] utf8(String text) {
    return text.getBytes(UTF_8);
  }
}
