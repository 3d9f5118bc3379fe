package dev.kafkaeventing.sources.ping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PingScheduleTest {

  static Stream<Arguments> schedules() {
    return Stream.of(
        Arguments.of("*/2 * * * *", null, null, "2026-03-01T10:01:30Z", "2026-03-01T10:02:00Z"),
        Arguments.of("@hourly", null, null, "2026-03-01T10:01:30Z", "2026-03-01T11:00:00Z"),
        Arguments.of("@daily", null, null, "2026-03-01T10:01:30Z", "2026-03-02T00:00:00Z"),
        Arguments.of("@weekly", null, null, "2026-03-03T10:00:00Z", "2026-03-08T00:00:00Z"),
        Arguments.of("0 9 * * 1-5", null, null, "2026-03-06T09:00:00Z", "2026-03-09T09:00:00Z"),
        Arguments.of("@every 10m", null, null, "2026-03-01T10:01:30Z", "2026-03-01T10:10:00Z"),
        Arguments.of("* * * * *", null, "*/5", "2026-03-01T10:01:31Z", "2026-03-01T10:01:35Z"),
        // 09:00 in Paris is 08:00 UTC in winter, 07:00 UTC in summer.
        Arguments.of("0 9 * * *", "Europe/Paris", null, "2026-03-01T10:00:00Z", "2026-03-02T08:00:00Z"),
        Arguments.of("0 9 * * *", "Europe/Paris", null, "2026-07-01T10:00:00Z", "2026-07-02T07:00:00Z"),
        Arguments.of("CRON_TZ=America/New_York 30 6 * * *", null, null, "2026-01-15T00:00:00Z", "2026-01-15T11:30:00Z"));
  }

  @ParameterizedTest(name = "{0} tz={1} seconds={2}")
  @MethodSource("schedules")
  void shouldGiveTheNextTickWhenParsed(String schedule, String timezone, String seconds, String after, String next) {
    PingSchedule parsed = PingSchedule.parse(schedule, timezone, seconds);

    assertThat(parsed.nextAfter(Instant.parse(after))).contains(Instant.parse(next));
  }

  @Test
  void shouldFollowTheTimezoneAcrossADaylightSavingChangeWhenTheClockIsFixed() {
    PingSchedule schedule = PingSchedule.parse("30 2 * * *", "Europe/Berlin", null);
    Instant clock = Instant.parse("2026-03-27T12:00:00Z");

    List<Instant> ticks = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      clock = schedule.nextAfter(clock).orElseThrow();
      ticks.add(clock);
    }

    // 02:30 does not exist in Berlin on 29 March 2026 (clocks jump from 02:00 to 03:00): no tick
    // that day; 02:30 local before (UTC+1) and after (UTC+2).
    assertThat(ticks).containsExactly(Instant.parse("2026-03-28T01:30:00Z"), Instant.parse("2026-03-30T00:30:00Z"),
        Instant.parse("2026-03-31T00:30:00Z"));
  }

  @Test
  void shouldNameTheFieldWhenTheScheduleIsInvalid() {
    assertThatThrownBy(() -> PingSchedule.parse("61 * * * *", null, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("spec.schedule");
    assertThatThrownBy(() -> PingSchedule.parse("* * * * *", "Mars/Base", null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("spec.timezone");
    assertThatThrownBy(() -> PingSchedule.parse("* * * * *", null, "*/5 *"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(PingSchedule.SECONDS_ANNOTATION);
    assertThatThrownBy(() -> PingSchedule.parse("@every 0s", null, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("@every");
  }
}
