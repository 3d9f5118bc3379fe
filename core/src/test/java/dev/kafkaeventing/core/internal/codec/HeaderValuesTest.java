package dev.kafkaeventing.core.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kafkaeventing.core.InvalidEventException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HeaderValuesTest {

  static Stream<Arguments> encodings() {
    return Stream.of(
        Arguments.of("plain", "plain"),
        Arguments.of("", ""),
        Arguments.of("a b", "a%20b"),
        Arguments.of("say \"hi\"", "say%20%22hi%22"),
        Arguments.of("100%", "100%25"),
        Arguments.of("tab\there", "tab%09here"),
        Arguments.of("line\r\nbreak", "line%0D%0Abreak"),
        Arguments.of("del\u007f", "del%7F"),
        Arguments.of("caf\u00e9", "caf%C3%A9"),
        Arguments.of("Euro \u20ac \ud83d\ude00", "Euro%20%E2%82%AC%20%F0%9F%98%80"),
        Arguments.of("!#$&'()*+,/:;<=>?@[\\]^_`{|}~", "!#$&'()*+,/:;<=>?@[\\]^_`{|}~"));
  }

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @MethodSource("encodings")
  void shouldPercentEncodeWhenCharacterIsNotPlainPrintableAscii(String value, String encoded) {
    String result = HeaderValues.encode(value);

    assertThat(result).isEqualTo(encoded);
  }

  @ParameterizedTest(name = "[{index}] {1} -> {0}")
  @MethodSource("encodings")
  void shouldDecodeBackWhenValueWasEncoded(String value, String encoded) throws Exception {
    String result = HeaderValues.decode("ce-x", encoded);

    assertThat(result).isEqualTo(value);
  }

  static Stream<Arguments> lenientDecodings() {
    return Stream.of(
        Arguments.of("lower-case hex", "caf%c3%a9", "caf\u00e9"),
        Arguments.of("needlessly encoded", "%61%62c", "abc"),
        Arguments.of("quoted string", "\"hello world\"", "hello world"),
        Arguments.of("quoted with escapes", "\"say \\\"hi\\\"\"", "say \"hi\""),
        Arguments.of("quoted then percent-decoded", "\"a%20b\"", "a b"),
        Arguments.of("raw UTF-8 bytes seen as ISO-8859-1", "caf\u00c3\u00a9", "caf\u00e9"),
        Arguments.of("raw Java string beyond Latin-1", "\u20ac", "\u20ac"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("lenientDecodings")
  void shouldDecodeWhenSenderUsedAnotherValidForm(String why, String header, String expected)
      throws Exception {
    String result = HeaderValues.decode("ce-x", header);

    assertThat(result).isEqualTo(expected);
  }

  static Stream<Arguments> invalidDecodings() {
    return Stream.of(
        Arguments.of("truncated escape", "abc%4", "invalid percent-encoding"),
        Arguments.of("trailing percent", "abc%", "invalid percent-encoding"),
        Arguments.of("non-hex escape", "%zz", "invalid percent-encoding"),
        Arguments.of("non-ASCII digit", "%\u0663\u0663", "invalid percent-encoding"),
        Arguments.of("overlong space", "%C0%A0", "not valid UTF-8"),
        Arguments.of("lone continuation byte", "%80", "not valid UTF-8"),
        Arguments.of("truncated sequence", "%E2%82", "not valid UTF-8"),
        Arguments.of("encoded surrogate", "%ED%A0%80", "not valid UTF-8"),
        Arguments.of("unterminated quote", "\"abc", "unterminated quoted string"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("invalidDecodings")
  void shouldRejectWhenEncodingIsInvalid(String why, String header, String reason) {
    assertThatThrownBy(() -> HeaderValues.decode("ce-x", header))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("ce-x")
        .hasMessageContaining(reason);
  }
}
