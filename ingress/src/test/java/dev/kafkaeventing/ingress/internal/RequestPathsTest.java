package dev.kafkaeventing.ingress.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RequestPathsTest {

  static Stream<Arguments> targets() {
    return Stream.of(
        Arguments.of("/ns/broker", "/ns/broker"),
        Arguments.of("/ns/broker?x=1&y=2", "/ns/broker"),
        Arguments.of("/ns/broker#frag", "/ns/broker"),
        Arguments.of("/ns/my%20broker", "/ns/my%20broker"),
        Arguments.of("http://localhost:8080/ns/broker?x=1", "/ns/broker"),
        Arguments.of("http://localhost:8080", "/"),
        Arguments.of("/ns/a://b", "/ns/a://b"),
        Arguments.of("", "/"),
        Arguments.of("?x", "/"));
  }

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @MethodSource("targets")
  void shouldExtractThePathWhenTargetHasThisForm(String target, String path) {
    String result = RequestPaths.path(target);

    assertThat(result).isEqualTo(path);
  }
}
