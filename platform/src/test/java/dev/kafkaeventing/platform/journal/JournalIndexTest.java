package dev.kafkaeventing.platform.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkaeventing.core.journal.JournalStep;
import java.util.List;
import org.junit.jupiter.api.Test;

class JournalIndexTest {

  private static JournalStep step(long time, String hop) {
    return new JournalStep(time, hop, "Trigger ns/a", "202", "attempt 1");
  }

  @Test
  void shouldDropOldestEventWhenIndexIsFull() {
    JournalIndex index = new JournalIndex(2);

    index.add("e1", "w", step(1, "accepted"));
    index.add("e2", "w", step(2, "accepted"));
    index.add("e3", "w", step(3, "accepted"));

    assertThat(index.size()).isEqualTo(2);
    assertThat(index.lookup("e1")).isEmpty();
    assertThat(index.lookup("e3")).extracting(s -> s.step().hop()).containsExactly("accepted");
    assertThat(index.drainDirty("w")).containsOnlyKeys("e2", "e3");
  }

  @Test
  void shouldMergeWritersInTimeOrderWhenAnotherInstanceRecordedPartOfThePath() {
    JournalIndex index = new JournalIndex(10);

    index.add("e1", "here", step(10, "accepted"));
    index.put("e1", "there", List.of(step(20, "matched"), step(30, "attempt")));
    index.add("e1", "here", step(40, "reply"));

    assertThat(index.lookup("e1")).extracting(s -> s.writer() + ":" + s.step().hop())
        .containsExactly("here:accepted", "there:matched", "there:attempt", "here:reply");
    assertThat(index.drainDirty("here").get("e1")).extracting(JournalStep::hop).containsExactly("accepted", "reply");
    assertThat(index.drainDirty("here")).isEmpty();
  }

  @Test
  void shouldListStepsOfOneMillisecondInTheOrderTheEventTravelsWhenRecordedOutOfOrder() {
    JournalIndex index = new JournalIndex(10);

    index.add("e1", "w", step(5, "dead-letter"));
    index.add("e1", "w", step(5, "attempt"));
    index.add("e1", "w", step(5, "matched"));
    index.add("e1", "w", step(5, "accepted"));

    assertThat(index.lookup("e1")).extracting(s -> s.step().hop())
        .containsExactly("accepted", "matched", "attempt", "dead-letter");
  }

  @Test
  void shouldKeepAtMostMaxStepsWhenAnEventIsRetriedForever() {
    JournalIndex index = new JournalIndex(10);

    for (int i = 0; i < JournalIndex.MAX_STEPS + 10; i++) {
      index.add("e1", "w", step(i, "attempt"));
    }

    assertThat(index.lookup("e1")).hasSize(JournalIndex.MAX_STEPS);
  }
}
