package dev.kafkaeventing.core.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kafkaeventing.core.InvalidEventException;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AttributeRulesTest {

  /** What RFC 3339 allows, as a pattern: the reference the position-based reader must agree with. */
  private static final Pattern RFC_3339 =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2})");

  @Test
  void shouldReadTimestampsAsThePatternAndIsoFormatterDoWhenGivenValidAndInvalidForms() {
    List<String> samples = List.of(
        "2024-05-01T10:15:30Z", "2024-05-01t10:15:30z", "2024-05-01T10:15:30.1Z", "2024-05-01T10:15:30.123456789Z",
        "2024-05-01T10:15:30.123+02:00", "2024-05-01T10:15:30-05:30", "0000-01-01T00:00:00Z",
        "2024-02-29T23:59:59.999999999+18:00",
        // refused
        "", "2024-05-01", "2024-05-01T10:15:30", "2024-05-01T10:15Z", "2024-05-01 10:15:30Z",
        "2024-05-01T10:15:30.Z", "2024-05-01T10:15:30.1234567891Z", "2024-05-01T10:15:30+0200",
        "2024-05-01T10:15:30+02:00:00", "2024-05-01T10:15:30+19:00", "2024-02-30T10:15:30Z",
        "2023-02-29T10:15:30Z", "2024-13-01T10:15:30Z", "2024-05-01T24:00:00Z", "2024-05-01T10:60:00Z",
        "2024-05-01T10:15:60Z", "2024-05-01T10:15:30ZZ", "2024-05-01T10:15:30+02:60", "+2024-05-01T10:15:30Z",
        "2024-05-01T10:15:30.12a+02:00", "2024-05-01T10:15:30\u0661Z", "2024-05-01T10:15:30Z ");
    for (String sample : samples) {
      assertSameVerdict(sample);
    }
    Random random = new Random(7);
    String alphabet = "0123456789-:TtZz+.x ";
    for (int i = 0; i < 20_000; i++) {
      StringBuilder mutated = new StringBuilder(samples.get(random.nextInt(8)));
      int edits = 1 + random.nextInt(2);
      for (int e = 0; e < edits; e++) {
        int at = random.nextInt(mutated.length());
        switch (random.nextInt(3)) {
          case 0 -> mutated.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
          case 1 -> mutated.deleteCharAt(at);
          default -> mutated.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
        }
      }
      assertSameVerdict(mutated.toString());
    }
  }

  @Test
  void shouldWriteTimestampsAsTheIsoFormatterDoesWhenGivenAnyInstantAndOffset() {
    Random random = new Random(11);
    List<OffsetDateTime> samples = new ArrayList<>(List.of(
        OffsetDateTime.parse("2024-05-01T10:15:30Z"), OffsetDateTime.parse("2024-05-01T10:15:00.100+02:00"),
        OffsetDateTime.parse("0000-01-01T00:00:00.000000001-18:00"), OffsetDateTime.parse("9999-12-31T23:59:59.999999999Z"),
        OffsetDateTime.parse("+10000-01-01T00:00:00Z"), OffsetDateTime.parse("-0001-01-01T00:00:00Z"),
        OffsetDateTime.parse("2024-05-01T10:15:30+05:30:15")));
    for (int i = 0; i < 20_000; i++) {
      long second = random.nextLong(-70_000_000_000L, 260_000_000_000L);
      int nanos = switch (random.nextInt(4)) {
        case 0 -> 0;
        case 1 -> random.nextInt(1000) * 1_000_000;
        case 2 -> random.nextInt(1_000_000) * 1000;
        default -> random.nextInt(1_000_000_000);
      };
      ZoneOffset offset = ZoneOffset.ofTotalSeconds(random.nextInt(-18 * 60, 18 * 60 + 1) * 60);
      samples.add(OffsetDateTime.ofInstant(Instant.ofEpochSecond(second, nanos), offset));
    }
    for (OffsetDateTime time : samples) {
      assertThat(AttributeRules.formatTimestamp(time)).as(time.toString())
          .isEqualTo(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time));
    }
  }

  @Test
  void shouldNameTheAttributeWhenTimestampIsRefused() {
    assertThatThrownBy(() -> AttributeRules.timestamp("time", "2024-02-30T10:15:30Z"))
        .isInstanceOf(InvalidEventException.class).hasMessage("attribute time is not an RFC 3339 timestamp");
  }

  @Test
  void shouldParseEachSourceAsItselfWhenSourcesAlternate() throws InvalidEventException {
    String[] sources = {"/a", "https://example.com/b?x=1", "/a", "urn:c", "urn:c", "https://example.com/b?x=1"};

    for (String source : sources) {
      URI uri = AttributeRules.uriReference("source", source);

      assertThat(uri).isEqualTo(URI.create(source));
      assertThat(uri.toString()).isEqualTo(source);
    }
  }

  @Test
  void shouldRefuseAnInvalidSourceWhenTheSourceBeforeWasValid() throws InvalidEventException {
    AttributeRules.uriReference("source", "/valid");

    assertThatThrownBy(() -> AttributeRules.uriReference("source", "/in valid"))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("attribute source is not a valid URI-reference");
    assertThatThrownBy(() -> AttributeRules.uriReference("dataschema", ""))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("dataschema");
    assertThat(AttributeRules.uriReference("source", "/valid")).isEqualTo(URI.create("/valid"));
  }

  private static void assertSameVerdict(String value) {
    OffsetDateTime expected = reference(value);
    OffsetDateTime actual;
    try {
      actual = AttributeRules.timestamp("time", value);
    } catch (InvalidEventException e) {
      actual = null;
    }
    assertThat(actual).as(value).isEqualTo(expected);
  }

  private static OffsetDateTime reference(String value) {
    if (!RFC_3339.matcher(value).matches()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
