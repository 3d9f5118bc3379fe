package dev.kafkaeventing.core.internal.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonEventReaderTest {

  private static final String ATTRIBUTES = "\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"t\"";

  static Stream<Arguments> dataMembers() {
    return Stream.of(
        Arguments.of("object kept byte for byte", "\"data\": { \"a\" : [1, 2.50, 1e3] }", "{ \"a\" : [1, 2.50, 1e3] }"),
        Arguments.of("array", "\"data\":[true,null]", "[true,null]"),
        Arguments.of("number", "\"data\": 12.0 ", "12.0"),
        Arguments.of("boolean", "\"data\":false", "false"),
        Arguments.of("string without content type stays JSON", "\"data\":\"h\\u00e9\"", "\"h\\u00e9\""),
        Arguments.of("string with JSON content type stays JSON",
            "\"datacontenttype\":\"application/vnd.x+json\",\"data\":\"hi\"", "\"hi\""),
        Arguments.of("string with text content type is its text",
            "\"datacontenttype\":\"text/plain\",\"data\":\"h\\u00e9\\n\"", "h\u00e9\n"),
        Arguments.of("content type after data", "\"data\":\"hi\",\"datacontenttype\":\"text/plain\"", "hi"),
        Arguments.of("object with text content type", "\"datacontenttype\":\"text/plain\",\"data\":{\"a\":1}", "{\"a\":1}"),
        Arguments.of("data_base64", "\"data_base64\":\"aMOp\"", "h\u00e9"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("dataMembers")
  void shouldReadDataAsTheJsonFormatSaysWhenDataMemberTakesThisShape(String why, String members, String data)
      throws Exception {
    byte[] json = ("{" + ATTRIBUTES + "," + members + "}").getBytes(UTF_8);

    CloudEvent event = JsonEventReader.readEvent(json);

    assertThat(new String(event.getData().toBytes(), UTF_8)).isEqualTo(data);
  }

  @org.junit.jupiter.api.Test
  void shouldHaveNoDataWhenDataIsNull() throws Exception {
    byte[] json = ("{\"data\":null," + ATTRIBUTES + "}").getBytes(UTF_8);

    CloudEvent event = JsonEventReader.readEvent(json);

    assertThat(event.getData()).isNull();
  }
}
