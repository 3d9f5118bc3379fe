package dev.kafkaeventing.it.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafkaeventing.it.KafkaFixture;
import dev.kafkaeventing.platform.kafka.KafkaLeaderElection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The standalone leader election on the embedded Kafka: one leader of three, handed over on leave. */
class KafkaLeaderElectionTest {

  @Test
  void shouldElectExactlyOneLeaderAndHandOverAtOnceWhenTheLeaderLeaves() {
    String name = KafkaFixture.createTopic("election", 1);
    AtomicInteger elected = new AtomicInteger();
    List<KafkaLeaderElection> members = List.of(member(name, elected), member(name, elected), member(name, elected));
    try {
      members.forEach(KafkaLeaderElection::start);
      await().atMost(Duration.ofSeconds(30)).until(() -> leaders(members) == 1);
      KafkaLeaderElection first = members.stream().filter(KafkaLeaderElection::leading).findFirst().orElseThrow();

      long left = System.nanoTime();
      first.close();

      await().atMost(Duration.ofSeconds(10)).until(() -> leaders(members) == 1);
      long handover = Duration.ofNanos(System.nanoTime() - left).toMillis();
      System.out.printf("leader election: handed over %d ms after the leader left%n", handover);
      assertThat(first.leading()).isFalse();
      assertThat(elected.get()).isEqualTo(2);
    } finally {
      members.forEach(KafkaLeaderElection::close);
    }
  }

  private static KafkaLeaderElection member(String name, AtomicInteger elected) {
    return new KafkaLeaderElection(KafkaFixture.bootstrapServers(), name, Duration.ofSeconds(10),
        elected::incrementAndGet);
  }

  private static long leaders(List<KafkaLeaderElection> members) {
    return members.stream().filter(KafkaLeaderElection::leading).count();
  }
}
