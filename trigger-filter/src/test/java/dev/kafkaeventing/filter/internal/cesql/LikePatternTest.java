package dev.kafkaeventing.filter.internal.cesql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** LIKE patterns of every shape agree with an equivalent regular expression. */
class LikePatternTest {

  private static final List<String> PATTERNS = List.of("", "%", "%%", "_", "abc", "abc%", "%abc",
      "%abc%", "a%c", "a_c", "%a%c%", "a\\%", "\\%%", "%\\_", "a\\b", "_%_", "%b_", "a%%c");
  private static final List<String> TEXTS = List.of("", "a", "abc", "abcabc", "ac", "a%", "%x",
      "x_", "a\\b", "xbc", "ab", "aXbYc", "abcd", "\ud83d\ude00", "a\ud83d\ude00c");

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (String pattern : PATTERNS) {
      for (String text : TEXTS) {
        cases.add(Arguments.of(pattern, text));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "''{1}'' LIKE ''{0}''")
  @MethodSource("cases")
  void shouldMatchLikeTheEquivalentRegexWhenGivenAnyShape(String pattern, String text) {
    boolean expected = regex(pattern).matcher(text).matches();

    boolean actual = new LikePattern(pattern).matches(text);

    assertThat(actual).isEqualTo(expected);
  }

  private static Pattern regex(String like) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < like.length(); i++) {
      char c = like.charAt(i);
      if (c == '\\' && i + 1 < like.length() && "%_".indexOf(like.charAt(i + 1)) >= 0) {
        regex.append(Pattern.quote(String.valueOf(like.charAt(++i))));
      } else if (c == '%') {
        regex.append(".*");
      } else if (c == '_') {
        regex.append('.');
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }
}
