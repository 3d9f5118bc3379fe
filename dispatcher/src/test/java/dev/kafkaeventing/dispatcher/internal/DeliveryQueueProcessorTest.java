package dev.kafkaeventing.dispatcher.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkaeventing.dispatcher.StreamId;
import dev.kafkaeventing.dispatcher.DispatchLimits;
import dev.kafkaeventing.dispatcher.ReplyRoute;
import dev.kafkaeventing.dispatcher.Route;
import dev.kafkaeventing.dispatcher.StreamSource;
import io.cloudevents.core.builder.CloudEventBuilder;
import dev.kafkaeventing.core.DeliveryOutcome;
import dev.kafkaeventing.core.DeliveryPolicy;
import dev.kafkaeventing.core.DeliveryTarget;
import dev.kafkaeventing.core.journal.EventJournal;
import dev.kafkaeventing.core.journal.JournalStep;
import dev.kafkaeventing.core.tracing.Tracing;
import dev.kafkaeventing.filter.EventFilters;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeliveryQueueProcessorTest {

  private static final StreamId BROKER = StreamId.broker("ns", "default");
  private static final DeliveryOutcome DELIVERED = new DeliveryOutcome(DeliveryOutcome.Result.DELIVERED, 1, 202, null, null);
  private static final DeliveryOutcome FAILED = new DeliveryOutcome(DeliveryOutcome.Result.FAILED, 3, 500, "HTTP 500", null);

  private final List<Call> deliveries = new CopyOnWriteArrayList<>();
  private final List<Call> parkings = new CopyOnWriteArrayList<>();
  private final AtomicInteger inFlightTotal = new AtomicInteger();
  /** The ticks rate limits are measured against: the test's, advanced with the driver's wall clock. */
  private final AtomicLong nanos = new AtomicLong();
  private final MockProducer<byte[], byte[]> changelog =
      new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  private QueueMemoryBudget memory = new QueueMemoryBudget(1 << 20);
  /** What the test piped in, read again for spilled entries. */
  private final PipedRecords topics = new PipedRecords();
  private int backlogInMemory = dev.kafkaeventing.dispatcher.DispatcherConfig.DEFAULT_BACKLOG_IN_MEMORY;
  private Tracing tracing = Tracing.OFF;
  /** Runs as each delivery is handed out, on the stream thread, before the processor goes on. */
  private Runnable onDelivery = () -> { };
  private RouteRegistry registry;
  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> streamTopic;
  private TestInputTopic<byte[], byte[]> directedTopic;

  /** One delivery or parking handed out, with the future the test completes. */
  record Call(String trigger, String id, CompletableFuture<DeliveryOutcome> delivered, CompletableFuture<Void> parked) {}

  @BeforeEach
  void start() {
    startWith(new QueueMemoryBudget(1 << 20));
  }

  private void startWith(QueueMemoryBudget budget) {
    startWith(budget, StreamSource.of("broker-topic"));
  }

  private void startWith(QueueMemoryBudget budget, StreamSource source) {
    if (driver != null) {
      driver.close();
    }
    memory = budget;
    registry = new RouteRegistry(100, null, nanos::get);
    registry.markLoaded();
    DeliveryQueue.Delivery delivery = (route, event, onRetry) -> {
      CompletableFuture<DeliveryOutcome> future = new CompletableFuture<>();
      deliveries.add(new Call(route.name(), event.getId(), future, null));
      onDelivery.run();
      return future;
    };
    DeliveryQueue.Parker parker = (route, event, outcome) -> {
      CompletableFuture<Void> future = new CompletableFuture<>();
      parkings.add(new Call(route.name(), String.valueOf(event.offset()), null, future));
      return future;
    };
    // The production topology; only delivery and parking are the test's.
    Topology topology = DispatchTopology.build("test", source, "directed-topic", registry, delivery, parker,
        changelog, inFlightTotal, memory, tracing, new DispatchTopology.Backlogs(topics, backlogInMemory)).topology();
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    driver = new TopologyTestDriver(topology, props, Instant.EPOCH);
    streamTopic = driver.createInputTopic("broker-topic", new ByteArraySerializer(), new ByteArraySerializer());
    directedTopic = driver.createInputTopic("directed-topic", new ByteArraySerializer(), new ByteArraySerializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void shouldQueueBothRecordsWhenTwoSourceTopicsHaveTheSameOffsetAndDecodeThemWithTheStreamDecoder() {
    // A decoder as a KafkaSource's: any record becomes an event named after where it was read.
    StreamSource source = new StreamSource(List.of("topic-a", "topic-b"), null, false, record -> CloudEventBuilder.v1()
        .withId(record.topic() + "/" + record.partition() + "/" + record.offset())
        .withSource(URI.create("/test")).withType("plain").withData(record.value()).build());
    startWith(new QueueMemoryBudget(1 << 20), source);
    registry.upsert(route("t", false, DispatchLimits.DEFAULT));
    TestInputTopic<byte[], byte[]> a = driver.createInputTopic("topic-a", new ByteArraySerializer(), new ByteArraySerializer());
    TestInputTopic<byte[], byte[]> b = driver.createInputTopic("topic-b", new ByteArraySerializer(), new ByteArraySerializer());

    a.pipeInput(new TestRecord<>(null, "plain a".getBytes(StandardCharsets.UTF_8), new RecordHeaders(), Instant.EPOCH));
    b.pipeInput(new TestRecord<>(null, "plain b".getBytes(StandardCharsets.UTF_8), new RecordHeaders(), Instant.EPOCH));

    assertThat(ids()).containsExactly("topic-a/0/0", "topic-b/0/0");
    complete("topic-a/0/0", DELIVERED);
    tick();
    assertThat(ids()).containsExactly("topic-a/0/0", "topic-b/0/0");
  }

  @Test
  void shouldSendEachKeyOneAtATimeWhileOtherKeysProceedWhenOrdered() {
    registry.upsert(route("t", true, DispatchLimits.DEFAULT));

    publish("a", "a1");
    publish("a", "a2");
    publish("b", "b1");
    publish("a", "a3");

    assertThat(ids()).containsExactly("a1", "b1");

    complete("a1", DELIVERED);
    tick();

    assertThat(ids()).containsExactly("a1", "b1", "a2");
    complete("a2", DELIVERED);
    complete("b1", DELIVERED);
    tick();
    assertThat(ids()).containsExactly("a1", "b1", "a2", "a3");
  }

  @Test
  void shouldOrderEventsWithoutKeyPerPartitionWhenOrdered() {
    registry.upsert(route("t", true, DispatchLimits.DEFAULT));

    publish(null, "x1");
    publish(null, "x2");
    publish("k", "k1");

    assertThat(ids()).containsExactly("x1", "k1");
    complete("x1", DELIVERED);
    tick();
    assertThat(ids()).containsExactly("x1", "k1", "x2");
  }

  @Test
  void shouldCountAndSkipRecordWhenItIsNotACloudEvent() {
    registry.upsert(route("t", false, DispatchLimits.DEFAULT));

    streamTopic.pipeInput(new TestRecord<>(null, "plain text".getBytes(StandardCharsets.UTF_8),
        new RecordHeaders(), Instant.EPOCH));
    publish("a", "a1");

    assertThat(registry.skippedRecords().count()).isEqualTo(1);
    assertThat(ids()).containsExactly("a1");
  }

  @Test
  void shouldSendAllAtOnceWhenUnorderedAndWindowAllows() {
    registry.upsert(route("t", false, DispatchLimits.DEFAULT));

    publish("a", "a1");
    publish("a", "a2");
    publish("a", "a3");

    assertThat(ids()).containsExactly("a1", "a2", "a3");
  }

  @Test
  void shouldNeverHaveMoreInFlightThanTheTriggersLimit() {
    registry.upsert(route("t", false, new DispatchLimits(2, 0)));

    for (int i = 1; i <= 5; i++) {
      publish(null, "e" + i);
    }

    assertThat(ids()).containsExactly("e1", "e2");
    complete("e1", DELIVERED);
    tick();
    assertThat(ids()).containsExactly("e1", "e2", "e3");
    assertThat(inFlightTotal.get()).isEqualTo(2);
  }

  @Test
  void shouldSendTheNextEventAMillisecondAfterACompletionWhenTheWindowWasFull() {
    registry.upsert(route("t", false, new DispatchLimits(1, 0)));
    publish(null, "e1");
    publish(null, "e2");
    driver.advanceWallClockTime(Duration.ofMillis(1));

    complete("e1", DELIVERED);
    driver.advanceWallClockTime(Duration.ofMillis(1));

    // Not at the next backlog drain (DRAIN_INTERVAL, 10 ms): the completion frees the slot now.
    assertThat(ids()).containsExactly("e1", "e2");
    assertThat(pending("t")).isEqualTo(1);
  }

  @Test
  void shouldHandOutMaxEventsPerSecondOfTheClockWhenRateLimited() {
    registry.upsert(route("limited", false, new DispatchLimits(0, 20)));
    registry.upsert(route("free", false, DispatchLimits.DEFAULT));
    for (int i = 0; i < 100; i++) {
      publish(null, "e" + i);
    }
    long atStart = deliveries.stream().filter(c -> c.trigger().equals("limited")).count();

    advance(Duration.ofSeconds(2), Duration.ofMillis(10));

    // One token at the start, then 20 per second of the test's clock.
    assertThat(atStart).isEqualTo(1);
    assertThat(deliveries).filteredOn(c -> c.trigger().equals("limited")).hasSizeBetween(40, 42);
    assertThat(deliveries).filteredOn(c -> c.trigger().equals("free")).hasSize(100);
  }

  @Test
  void shouldKeepBurstsToAQuarterSecondOfRateWhenTheClockJumps() {
    registry.upsert(route("limited", false, new DispatchLimits(0, 20)));
    for (int i = 0; i < 100; i++) {
      publish(null, "e" + i);
    }

    nanos.addAndGet(Duration.ofMinutes(1).toNanos());
    tick();

    // 1 at the start, then at most a quarter second's worth (5) however long the pause.
    assertThat(deliveries).hasSize(6);
  }

  @Test
  void shouldKeepOneTriggersBacklogFromHoldingBackAnotherWhenItsWindowIsFull() {
    registry.upsert(route("slow", false, new DispatchLimits(1, 0)));
    registry.upsert(route("fast", false, DispatchLimits.DEFAULT));

    publish(null, "e1");
    publish(null, "e2");
    publish(null, "e3");

    assertThat(deliveries).filteredOn(c -> c.trigger().equals("fast")).extracting(Call::id)
        .containsExactly("e1", "e2", "e3");
    assertThat(deliveries).filteredOn(c -> c.trigger().equals("slow")).extracting(Call::id).containsExactly("e1");
    assertThat(pending("slow")).isEqualTo(3);
  }

  @Test
  void shouldParkAndForgetTheEntryWhenDeliveryFailedForGood() {
    registry.upsert(route("t", true, DispatchLimits.DEFAULT));
    publish("a", "a1");
    publish("a", "a2");

    complete("a1", FAILED);
    tick();

    assertThat(parkings).hasSize(1);
    assertThat(ids()).as("the lane waits until a1 is parked").containsExactly("a1");
    parkings.get(0).parked().complete(null);
    tick();
    assertThat(ids()).containsExactly("a1", "a2");
    assertThat(registry.stats("uid-t").orElseThrow().failed()).isEqualTo(1);
    assertThat(storeSize()).isEqualTo(1);
  }

  @Test
  void shouldDeliverAgainWhenParkingFails() {
    registry.upsert(route("t", false, DispatchLimits.DEFAULT));
    publish("a", "a1");

    complete("a1", FAILED);
    tick();
    parkings.get(0).parked().completeExceptionally(new IllegalStateException("Kafka is down"));
    tick();

    assertThat(ids()).containsExactly("a1", "a1");
    assertThat(storeSize()).isEqualTo(1);
  }

  @Test
  void shouldQueueADirectedRecordForItsTriggerAloneWhateverTheFilters() {
    registry.upsert(route("one", false, DispatchLimits.DEFAULT));
    registry.upsert(route("two", false, DispatchLimits.DEFAULT));

    QueuedEvent original = new QueuedEvent(3, 42, headers("r1"), null, "{}".getBytes(StandardCharsets.UTF_8));
    var record = DirectedRecords.toRecord("directed-topic", 0, "uid-two", original);
    directedTopic.pipeInput(new TestRecord<>(record.key(), record.value(), record.headers(), Instant.EPOCH));

    assertThat(deliveries).extracting(Call::trigger, Call::id).containsExactly(org.assertj.core.groups.Tuple.tuple("two", "r1"));
  }

  @Test
  void shouldSpillToOffsetsAndDeliverEveryEventInOrderWhenARouteFallsFarBehind() {
    backlogInMemory = 4;
    startWith(new QueueMemoryBudget(1 << 20));
    registry.upsert(route("slow", true, new DispatchLimits(2, 0)));
    registry.upsert(route("fast", false, DispatchLimits.DEFAULT));
    List<String> sent = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String id = "e" + i;
      publish(i % 2 == 0 ? "a" : "b", id);
      sent.add(id);
      complete("fast", id, DELIVERED);
    }
    long heldWhileBehind = memory.used();

    for (int delivered = 0; delivered < 40; delivered++) {
      tick();
      Call next = deliveries.stream().filter(c -> c.trigger().equals("slow") && !c.delivered().isDone())
          .findFirst().orElseThrow(() -> new AssertionError("nothing in flight for the slow route"));
      next.delivered().complete(DELIVERED);
    }
    tick();

    // Per key, in the order published; every event once.
    List<String> slow = deliveries.stream().filter(c -> c.trigger().equals("slow")).map(Call::id).toList();
    assertThat(slow).containsExactlyInAnyOrderElementsOf(sent);
    assertThat(slow.stream().filter(id -> Integer.parseInt(id.substring(1)) % 2 == 0))
        .containsExactlyElementsOf(sent.stream().filter(id -> Integer.parseInt(id.substring(1)) % 2 == 0).toList());
    assertThat(slow.stream().filter(id -> Integer.parseInt(id.substring(1)) % 2 == 1))
        .containsExactlyElementsOf(sent.stream().filter(id -> Integer.parseInt(id.substring(1)) % 2 == 1).toList());
    assertThat(topics.reads()).isPositive();
    // 2 in flight and 4 waiting hold their records; the other 34 hold an offset (well under 200 bytes each).
    assertThat(heldWhileBehind).isLessThan(6 * 400 + 34 * 200);
    assertThat(pending("slow")).isZero();
    assertThat(memory.used()).isZero();
    assertThat(storeSize()).isZero();
  }

  @Test
  void shouldCountLostAndGoOnWhenASpilledRecordIsGoneFromItsTopic() {
    backlogInMemory = 2;
    startWith(new QueueMemoryBudget(1 << 20));
    registry.upsert(route("slow", false, new DispatchLimits(1, 0)));
    for (int i = 0; i < 10; i++) {
      publish(null, "e" + i);
    }

    topics.deleteBefore("broker-topic", 6);
    for (int i = 0; i < 20; i++) {
      tick();
      deliveries.stream().filter(c -> !c.delivered().isDone()).findFirst().ifPresent(c -> c.delivered().complete(DELIVERED));
    }

    // e0 went at once, e1 and e2 waited in memory; e3..e5 were spilled and are gone.
    assertThat(ids()).containsExactly("e0", "e1", "e2", "e6", "e7", "e8", "e9");
    assertThat(registry.stats("uid-slow").orElseThrow().lost()).isEqualTo(3);
    assertThat(pending("slow")).isZero();
    assertThat(storeSize()).isZero();
  }

  @Test
  void shouldForgetDeliveredEntries() {
    registry.upsert(route("t", false, DispatchLimits.DEFAULT));
    publish(null, "e1");

    complete("e1", DELIVERED);
    tick();

    assertThat(storeSize()).isZero();
    assertThat(registry.stats("uid-t").orElseThrow().delivered()).isEqualTo(1);
    assertThat(registry.stats("uid-t").orElseThrow().pending()).isZero();
  }

  @Test
  void shouldGiveQueueMemoryBackWhenEntriesSettle() {
    registry.upsert(route("t", false, new DispatchLimits(1, 0)));
    publish(null, "e1");
    publish(null, "e2");
    long held = memory.used();

    complete("e1", DELIVERED);
    tick();
    complete("e2", DELIVERED);
    tick();

    assertThat(held).isPositive();
    assertThat(memory.used()).isZero();
  }

  @Test
  void shouldSlowDownTakingRecordsWhileQueueMemoryIsSpent() {
    startWith(new QueueMemoryBudget(600));
    registry.upsert(route("t", false, new DispatchLimits(1, 0)));
    for (int i = 0; i < 3; i++) {
      publish(null, "e" + i);
    }

    long start = System.nanoTime();
    publish(null, "late");
    long waited = System.nanoTime() - start;

    assertThat(memory.spent()).isTrue();
    assertThat(Duration.ofNanos(waited)).isGreaterThanOrEqualTo(DeliveryQueueProcessor.MEMORY_WAIT.minusMillis(50));
    complete("e0", DELIVERED);
    tick();
    assertThat(ids()).containsExactly("e0", "e1");
  }

  @Test
  void shouldJournalTheMatchBeforeAnAttemptThatEndsWhileItsDeliveryIsQueued() {
    List<JournalStep> steps = new CopyOnWriteArrayList<>();
    tracing = Tracing.OFF.withJournal(new EventJournal() {
      @Override
      public boolean enabled() {
        return true;
      }

      @Override
      public void record(String eventId, JournalStep step) {
        steps.add(step);
      }
    });
    // An attempt that ends on another thread before the processor is back from queuing it: the
    // clock moves on by 2 ms, then the attempt is written down, as the HTTP client's thread would.
    onDelivery = () -> {
      long until = System.currentTimeMillis() + 2;
      while (System.currentTimeMillis() < until) {
        Thread.onSpinWait();
      }
      steps.add(new JournalStep(System.currentTimeMillis(), "attempt", "http://127.0.0.1:1/", "202", "attempt 1"));
    };
    startWith(new QueueMemoryBudget(1 << 20));
    registry.upsert(route("t", false, DispatchLimits.DEFAULT));

    publish(null, "e1");

    JournalStep matched = steps.stream().filter(s -> s.hop().equals("matched")).findFirst().orElseThrow();
    JournalStep attempt = steps.stream().filter(s -> s.hop().equals("attempt")).findFirst().orElseThrow();
    assertThat(matched.resource()).isEqualTo("Trigger ns/t");
    assertThat(matched.timeMillis()).as("the match's time against the attempt's").isLessThan(attempt.timeMillis());
  }

  private void publish(String key, String id) {
    byte[] recordKey = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
    byte[] value = "{}".getBytes(StandardCharsets.UTF_8);
    RecordHeaders headers = headers(id);
    topics.piped("broker-topic", headers, recordKey, value);
    streamTopic.pipeInput(new TestRecord<>(recordKey, value, headers, Instant.EPOCH));
  }

  private static RecordHeaders headers(String id) {
    RecordHeaders headers = new RecordHeaders();
    headers.add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
    headers.add("ce_id", id.getBytes(StandardCharsets.UTF_8));
    headers.add("ce_source", "/test".getBytes(StandardCharsets.UTF_8));
    headers.add("ce_type", "test".getBytes(StandardCharsets.UTF_8));
    return headers;
  }

  private void complete(String trigger, String id, DeliveryOutcome outcome) {
    deliveries.stream().filter(c -> c.trigger().equals(trigger) && c.id().equals(id) && !c.delivered().isDone())
        .findFirst().orElseThrow().delivered().complete(outcome);
  }

  private void complete(String id, DeliveryOutcome outcome) {
    deliveries.stream().filter(c -> c.id().equals(id) && !c.delivered().isDone()).findFirst().orElseThrow()
        .delivered().complete(outcome);
  }

  /** Advances the test's clock and the driver's wall clock together, {@code step} at a time. */
  private void advance(Duration total, Duration step) {
    for (Duration done = Duration.ZERO; done.compareTo(total) < 0; done = done.plus(step)) {
      nanos.addAndGet(step.toNanos());
      driver.advanceWallClockTime(step);
    }
  }

  private void tick() {
    driver.advanceWallClockTime(Duration.ofMillis(20));
  }

  private List<String> ids() {
    return deliveries.stream().map(Call::id).toList();
  }

  private long pending(String trigger) {
    return registry.stats("uid-" + trigger).orElseThrow().pending();
  }

  private long storeSize() {
    QueueStore store = (QueueStore) driver.getStateStore(DeliveryQueueProcessor.STORE);
    return store.size();
  }

  private static Route route(String name, boolean ordered, DispatchLimits limits) {
    DeliveryTarget target = DeliveryTarget.of(URI.create("http://127.0.0.1:1/"), DeliveryPolicy.noRetries(Duration.ofSeconds(1)));
    return new Route("uid-" + name, "ns", name, BROKER, EventFilters.matchAll(), target, ordered, ReplyRoute.DISCARD, limits, null);
  }

}
