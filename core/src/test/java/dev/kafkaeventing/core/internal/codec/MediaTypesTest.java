package dev.kafkaeventing.core.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MediaTypesTest {

  static Stream<Arguments> contentTypes() {
    return Stream.of(
        Arguments.of(null, MediaTypes.Mode.BINARY),
        Arguments.of("", MediaTypes.Mode.BINARY),
        Arguments.of("application/octet-stream", MediaTypes.Mode.BINARY),
        Arguments.of("application/json; charset=utf-8", MediaTypes.Mode.BINARY),
        Arguments.of("application/cloud", MediaTypes.Mode.BINARY),
        Arguments.of("application/cloudevents+json", MediaTypes.Mode.STRUCTURED_JSON),
        Arguments.of("  Application/CloudEvents+JSON ; charset=UTF-8", MediaTypes.Mode.STRUCTURED_JSON),
        Arguments.of("\tapplication/cloudevents-batch+json", MediaTypes.Mode.BATCH_JSON),
        Arguments.of("APPLICATION/CLOUDEVENTS-BATCH+JSON;charset=utf-8", MediaTypes.Mode.BATCH_JSON),
        Arguments.of("application/cloudevents+avro", MediaTypes.Mode.UNSUPPORTED_FORMAT),
        Arguments.of("application/cloudevents", MediaTypes.Mode.UNSUPPORTED_FORMAT),
        // Dotless i matches "i" only when ignoring case through upper case: lower-cased, it is not the prefix.
        Arguments.of("appl\u0131cation/cloudevents+json", MediaTypes.Mode.BINARY));
  }

  @ParameterizedTest
  @MethodSource("contentTypes")
  void shouldTellTheContentModeWhenTheContentTypeVariesInCaseSpacingAndParameters(String contentType,
      MediaTypes.Mode expected) {

    MediaTypes.Mode mode = MediaTypes.modeOf(contentType);

    assertThat(mode).isEqualTo(expected);
  }
}
