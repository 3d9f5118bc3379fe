package dev.kafkaeventing.core;

import static dev.kafkaeventing.core.CloudEventHttpCodecTest.headers;
import static dev.kafkaeventing.core.CloudEventHttpCodecTest.json;
import static dev.kafkaeventing.core.CloudEventHttpCodecTest.structured;
import static dev.kafkaeventing.core.CloudEventHttpCodecTest.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The specification's rules, checked through both content modes of the HTTP codec. */
class CloudEventValidationTest {

  private static final String VALID = "'specversion':'1.0','id':'1','source':'/s','type':'t'";

  static Stream<Arguments> invalidStructuredEvents() {
    return Stream.of(
        Arguments.of("missing id", "{'specversion':'1.0','source':'/s','type':'t'}", "missing required attribute id"),
        Arguments.of("missing source", "{'specversion':'1.0','id':'1','type':'t'}", "missing required attribute source"),
        Arguments.of("missing type", "{'specversion':'1.0','id':'1','source':'/s'}", "missing required attribute type"),
        Arguments.of("missing specversion", "{'id':'1','source':'/s','type':'t'}", "missing required attribute specversion"),
        Arguments.of("null id counts as absent", "{" + VALID.replace("'id':'1'", "'id':null") + "}", "missing required attribute id"),
        Arguments.of("empty id", "{" + VALID.replace("'id':'1'", "'id':''") + "}", "attribute id must be a non-empty string"),
        Arguments.of("blank type", "{" + VALID.replace("'type':'t'", "'type':'  '") + "}", "attribute type must be a non-empty string"),
        Arguments.of("empty source", "{" + VALID.replace("'source':'/s'", "'source':''") + "}", "attribute source must be a non-empty string"),
        Arguments.of("source not a URI-reference", "{" + VALID.replace("'/s'", "'not a uri'") + "}", "source is not a valid URI-reference"),
        Arguments.of("id not a string", "{" + VALID.replace("'id':'1'", "'id':1") + "}", "attribute id must be a JSON string"),
        Arguments.of("unknown specversion", "{" + VALID.replace("1.0", "2.0") + "}", "unsupported specversion '2.0'"),
        Arguments.of("specversion 1 (not 1.0)", "{" + VALID.replace("'1.0'", "'1'") + "}", "unsupported specversion '1'"),
        Arguments.of("specversion not a string", "{" + VALID.replace("'1.0'", "1.0") + "}", "attribute specversion must be a JSON string"),
        Arguments.of("empty subject", "{" + VALID + ",'subject':''}", "attribute subject must be a non-empty string"),
        Arguments.of("time without offset", "{" + VALID + ",'time':'2024-05-01T10:15:30'}", "not an RFC 3339 timestamp"),
        Arguments.of("time without seconds", "{" + VALID + ",'time':'2024-05-01T10:15Z'}", "not an RFC 3339 timestamp"),
        Arguments.of("time with space", "{" + VALID + ",'time':'2024-05-01 10:15:30Z'}", "not an RFC 3339 timestamp"),
        Arguments.of("time out of range", "{" + VALID + ",'time':'2024-13-01T10:15:30Z'}", "not an RFC 3339 timestamp"),
        Arguments.of("empty dataschema", "{" + VALID + ",'dataschema':''}", "attribute dataschema must be a non-empty string"),
        Arguments.of("upper-case extension name", "{" + VALID + ",'myExt':'x'}", "invalid attribute name 'myExt'"),
        Arguments.of("dash in extension name", "{" + VALID + ",'my-ext':'x'}", "invalid attribute name 'my-ext'"),
        Arguments.of("extension is an object", "{" + VALID + ",'ext':{'a':1}}", "attribute ext must be a string, an integer or a boolean"),
        Arguments.of("extension is a fraction", "{" + VALID + ",'ext':1.5}", "attribute ext must be an integer"),
        Arguments.of("extension beyond 32 bits", "{" + VALID + ",'ext':3000000000}", "attribute ext must be an integer"),
        Arguments.of("data and data_base64", "{" + VALID + ",'data':1,'data_base64':'AQ=='}", "must not both be present"),
        Arguments.of("bad base64", "{" + VALID + ",'data_base64':'***'}", "data_base64 is not valid Base64"),
        Arguments.of("data_base64 in 0.3", "{" + VALID.replace("1.0", "0.3") + ",'data_base64':'AQ=='}", "invalid attribute name 'data_base64'"),
        Arguments.of("0.3 unknown encoding", "{" + VALID.replace("1.0", "0.3") + ",'datacontentencoding':'gzip','data':'x'}", "datacontentencoding must be base64"),
        Arguments.of("duplicate member", "{" + VALID + ",'id':'2'}", "malformed JSON: Duplicate field 'id'"),
        Arguments.of("broken JSON", "{" + VALID, "malformed JSON"),
        Arguments.of("trailing content", "{" + VALID + "} {}", "unexpected content after the JSON value"),
        Arguments.of("not an object", "[{" + VALID + "}]", "a structured event must be a JSON object"),
        Arguments.of("empty body", "", "a structured event must be a JSON object"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("invalidStructuredEvents")
  void shouldRejectStructuredEventWhenItBreaksTheSpec(String why, String json, String reason) {
    assertThatThrownBy(() -> CloudEventHttpCodec.decode(structured(), json(json)))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining(reason)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  static Stream<Arguments> invalidBinaryEvents() {
    return Stream.of(
        Arguments.of("no specversion, plain JSON", headers("Content-Type", "application/json"), "not a CloudEvent"),
        Arguments.of("unknown specversion", binary("ce-specversion", "1.1"), "unsupported specversion '1.1'"),
        Arguments.of("missing id", binary("ce-id", null), "missing required attribute id"),
        Arguments.of("missing source", binary("ce-source", null), "missing required attribute source"),
        Arguments.of("missing type", binary("ce-type", null), "missing required attribute type"),
        Arguments.of("empty id", binary("ce-id", ""), "attribute id must be a non-empty string"),
        Arguments.of("empty subject", binary("ce-subject", ""), "attribute subject must be a non-empty string"),
        Arguments.of("bad time", binary("ce-time", "yesterday"), "not an RFC 3339 timestamp"),
        Arguments.of("bad extension name", binary("ce-my_ext", "x"), "invalid attribute name 'my_ext'"),
        Arguments.of("empty extension name", binary("ce-", "x"), "invalid attribute name ''"),
        Arguments.of("bad percent-encoding", binary("ce-id", "a%2"), "header ce-id has an invalid percent-encoding"),
        Arguments.of("overlong UTF-8", binary("ce-id", "%C0%A0"), "header ce-id is not valid UTF-8"),
        Arguments.of("unsupported format", headers("Content-Type", "application/cloudevents+avro"), "unsupported event format application/cloudevents+avro"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("invalidBinaryEvents")
  void shouldRejectBinaryEventWhenItBreaksTheSpec(String why, HttpHeaders headers, String reason) {
    assertThatThrownBy(() -> CloudEventHttpCodec.decode(headers, utf8("x")))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining(reason);
  }

  @org.junit.jupiter.api.Test
  void shouldRejectWhenAnAttributeHeaderIsRepeated() {
    HttpHeaders headers = binary("ce-type", "t").add("ce-id", "2");

    assertThatThrownBy(() -> CloudEventHttpCodec.decode(headers, utf8("x")))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("attribute id appears more than once");
  }

  @org.junit.jupiter.api.Test
  void shouldAcceptExtensionNamesLongerThanTwentyCharactersWhenOtherwiseValid() throws Exception {
    HttpHeaders headers = binary("ce-averyveryverylongextensionname1", "x");

    var event = CloudEventHttpCodec.decode(headers, utf8("x")).get(0);

    assertThat(event.getExtension("averyveryverylongextensionname1")).isEqualTo("x");
  }

  /** A valid binary event with one header replaced (or removed when value is null). */
  private static HttpHeaders binary(String name, String value) {
    HttpHeaders headers = headers("ce-specversion", "1.0", "ce-id", "1", "ce-source", "/s", "ce-type", "t");
    headers.remove(name);
    return value == null ? headers : headers.add(name, value);
  }
}
