package dev.kafkaeventing.dispatcher.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SkippedRecordsTest {

  private final AtomicLong nanos = new AtomicLong();

  @Test
  void shouldCountEveryRecordAndLogOneLinePerIntervalWhenRecordsAreNotCloudEvents() {
    SkippedRecords skipped = new SkippedRecords("broker ns/default", nanos::get);

    try (CapturedLog log = new CapturedLog(SkippedRecords.class)) {
      skipped.skipped("knative-broker-ns-default", 0, 5, "missing required attribute specversion");
      skipped.skipped("knative-broker-ns-default", 1, 6, "missing required attribute specversion");
      skipped.skipped("knative-broker-ns-default", 2, 7, "missing required attribute specversion");
      nanos.addAndGet(Duration.ofSeconds(10).toNanos());
      skipped.skipped("knative-broker-ns-default", 0, 9, "missing required attribute id");

      assertThat(skipped.count()).isEqualTo(4);
      assertThat(log.lines()).containsExactly(
          "WARN broker ns/default: skipped 1 record(s) that are not CloudEvents; latest at topic "
              + "knative-broker-ns-default partition 0 offset 5: missing required attribute specversion",
          "WARN broker ns/default: skipped 3 record(s) that are not CloudEvents; latest at topic "
              + "knative-broker-ns-default partition 0 offset 9: missing required attribute id");
    }
  }
}
