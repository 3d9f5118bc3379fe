package dev.kafkaeventing.core;

import static dev.kafkaeventing.core.CloudEventHttpCodecTest.headers;
import static dev.kafkaeventing.core.CloudEventHttpCodecTest.utf8;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Control characters in attribute values are refused in every content mode, naming the attribute. */
class ControlCharacterAttributesTest {

  @ParameterizedTest
  @ValueSource(strings = {"\\r\\n", "\\n", "\\u0000", "\\u0007", "\\u007f", "\\u0085"})
  void shouldRefuseDataContentTypeWhenStructuredValueHasControlCharacter(String escaped) {
    String json = "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"t\","
        + "\"datacontenttype\":\"text/plain" + escaped + "X-Forged: yes\",\"data\":\"hi\"}";

    assertThatThrownBy(() -> CloudEventHttpCodec.decode(structuredHeaders(), utf8(json)))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageStartingWith("attribute datacontenttype must not contain control characters");
  }

  @Test
  void shouldRefuseExtensionWhenStructuredValueHasLineBreak() {
    String json = "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"t\",\"myext\":\"a\\nb\"}";

    assertThatThrownBy(() -> CloudEventHttpCodec.decode(structuredHeaders(), utf8(json)))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("attribute myext must not contain control characters (U+000A at position 1)");
  }

  @Test
  void shouldRefuseAttributeWhenBinaryHeaderDecodesToLineBreak() {
    HttpHeaders headers = headers(
        "ce-specversion", "1.0", "ce-id", "1", "ce-source", "/s", "ce-type", "t",
        "ce-subject", "a%0D%0AX-Forged:%20yes");

    assertThatThrownBy(() -> CloudEventHttpCodec.decode(headers, new byte[0]))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("attribute subject must not contain control characters (U+000D at position 1)");
  }

  @Test
  void shouldRefuseDataContentTypeWhenBinaryContentTypeHasControlCharacter() {
    HttpHeaders headers = unvalidatedHeaders(
        "ce-specversion", "1.0", "ce-id", "1", "ce-source", "/s", "ce-type", "t",
        "Content-Type", "text/plain\u0001");

    assertThatThrownBy(() -> CloudEventHttpCodec.decode(headers, utf8("hi")))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageStartingWith("attribute datacontenttype must not contain control characters");
  }

  @Test
  void shouldRefuseTraceparentWhenHeaderHasControlCharacter() {
    HttpHeaders headers = unvalidatedHeaders(
        "ce-specversion", "1.0", "ce-id", "1", "ce-source", "/s", "ce-type", "t",
        "traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331\u0001-01");

    assertThatThrownBy(() -> CloudEventHttpCodec.decode(headers, new byte[0]))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageStartingWith("attribute traceparent must not contain control characters");
  }

  @Test
  void shouldNameEventAndAttributeWhenBatchedValueHasControlCharacter() {
    HttpHeaders headers = headers("Content-Type", "application/cloudevents-batch+json");
    String json = "[{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"t\"},"
        + "{\"specversion\":\"1.0\",\"id\":\"2\",\"source\":\"/s\",\"type\":\"t\","
        + "\"datacontenttype\":\"text/plain\\r\\n\"}]";

    assertThatThrownBy(() -> CloudEventHttpCodec.decode(headers, utf8(json)))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("event 2 of the batch: attribute datacontenttype must not contain control characters"
            + " (U+000D at position 10)");
  }

  /** Headers as a lenient server might hand them over: Netty's own validation would refuse these. */
  private static HttpHeaders unvalidatedHeaders(String... namesAndValues) {
    HttpHeaders headers = DefaultHttpHeadersFactory.headersFactory().withValidation(false).newHeaders();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return headers;
  }

  private static HttpHeaders structuredHeaders() {
    return headers("Content-Type", "application/cloudevents+json");
  }
}
