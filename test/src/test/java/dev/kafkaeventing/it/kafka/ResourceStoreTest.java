package dev.kafkaeventing.it.kafka;

import static dev.kafkaeventing.it.KafkaFixture.TIMEOUT;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.kafkaeventing.core.kafka.TopicInfo;
import dev.kafkaeventing.it.KafkaFixture;
import dev.kafkaeventing.platform.kafka.ResourceListener;
import dev.kafkaeventing.platform.kafka.ResourceStore;
import dev.kafkaeventing.platform.kafka.ResourceStoreConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResourceStoreTest {

  private final List<ResourceStore> stores = new ArrayList<>();
  private String topic;

  @BeforeEach
  void setUp() {
    topic = KafkaFixture.uniqueTopic("resources");
  }

  @AfterEach
  void tearDown() {
    stores.forEach(ResourceStore::close);
  }

  @Test
  void shouldCreateCompactedTopicWhenMissing() throws Exception {
    startLoaded();

    assertThat(KafkaFixture.topics().describe(topic, TIMEOUT))
        .contains(new TopicInfo(topic, 1, 1));
    assertThat(topicConfig("cleanup.policy")).isEqualTo("compact");
  }

  @Test
  void shouldSeeOwnWriteWhenPutCompletes() throws Exception {
    ResourceStore store = startLoaded();

    store.put("Broker/default/b1", bytes("{\"v\":1}")).get();

    assertThat(store.get("Broker/default/b1")).map(ResourceStoreTest::text).contains("{\"v\":1}");
    assertThat(store.list()).containsOnlyKeys("Broker/default/b1");
  }

  @Test
  void shouldSeeLastValueWhenKeyIsOverwritten() throws Exception {
    ResourceStore store = startLoaded();

    store.put("Trigger/default/t1", bytes("one"));
    store.put("Trigger/default/t1", bytes("two")).get();

    assertThat(store.get("Trigger/default/t1")).map(ResourceStoreTest::text).contains("two");
  }

  @Test
  void shouldListSortedEntriesWhenFilteredByPrefix() throws Exception {
    ResourceStore store = startLoaded();
    putAll(store, Map.of(
        "Broker/default/b2", "b2", "Broker/default/b1", "b1",
        "Broker/other/b3", "b3", "Trigger/default/t1", "t1"));

    Map<String, byte[]> brokers = store.list("Broker/default/");

    assertThat(brokers.keySet()).containsExactly("Broker/default/b1", "Broker/default/b2");
    assertThat(store.list("Channel/")).isEmpty();
    assertThat(store.list()).hasSize(4);
  }

  @Test
  void shouldWriteTombstoneWhenDeleted() throws Exception {
    ResourceStore store = startLoaded();
    store.put("Broker/default/b1", bytes("b1")).get();

    store.delete("Broker/default/b1").get();
    store.delete("Broker/default/never-there").get();

    assertThat(store.get("Broker/default/b1")).isEmpty();
    List<ConsumerRecord<byte[], byte[]>> records = KafkaFixture.readAll(topic, 3, TIMEOUT);
    assertThat(records).extracting(r -> r.value() == null).containsExactly(false, true, true);
  }

  @Test
  void shouldLoadEverythingWhenAnotherInstanceStartsLater() throws Exception {
    ResourceStore writer = startLoaded();
    putAll(writer, Map.of("Broker/default/b1", "b1", "Broker/default/b2", "b2", "Sink/x/s", "s"));
    writer.put("Broker/default/b2", bytes("b2 changed")).get();
    writer.delete("Sink/x/s").get();
    writer.close();

    ResourceStore reader = startLoaded();

    assertThat(texts(reader.list()))
        .containsExactly(Map.entry("Broker/default/b1", "b1"),
            Map.entry("Broker/default/b2", "b2 changed"));
  }

  @Test
  void shouldNotifyBothInstancesWhenEitherWrites() throws Exception {
    ResourceStore first = startLoaded();
    ResourceStore second = startLoaded();
    List<String> seenByFirst = listen(first);
    List<String> seenBySecond = listen(second);

    first.put("Broker/default/b1", bytes("from first")).get();
    second.put("Broker/default/b2", bytes("from second")).get();
    second.delete("Broker/default/b1").get();

    List<String> expected = List.of(
        "Broker/default/b1: null -> from first",
        "Broker/default/b2: null -> from second",
        "Broker/default/b1: from first -> null");
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(seenByFirst).isEqualTo(expected));
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(seenBySecond).isEqualTo(expected));
  }

  @Test
  void shouldReplayCurrentEntriesWhenListenerIsAddedAfterLoad() throws Exception {
    ResourceStore store = startLoaded();
    putAll(store, Map.of("Broker/default/b1", "b1", "Broker/default/b2", "b2"));

    List<String> seen = listen(store);
    store.put("Broker/default/b1", bytes("b1 again")).get();
    store.put("Broker/default/b2", bytes("b2")).get();

    assertThat(seen).containsExactly(
        "Broker/default/b1: null -> b1",
        "Broker/default/b2: null -> b2",
        "Broker/default/b1: b1 -> b1 again");
  }

  @Test
  void shouldTellListenerAboutLoadWhenAddedBeforeStart() throws Exception {
    ResourceStore writer = startLoaded();
    putAll(writer, Map.of("Broker/default/b1", "b1", "Broker/default/b2", "b2"));
    ResourceStore reader = newStore();
    List<String> seen = listen(reader);

    reader.start();

    assertThat(reader.awaitLoaded(TIMEOUT)).isTrue();
    assertThat(seen).containsExactly("Broker/default/b1: null -> b1", "Broker/default/b2: null -> b2");
  }

  @Test
  void shouldAgreeWhenTwoInstancesWriteSameKeysConcurrently() throws Exception {
    ResourceStore first = startLoaded();
    ResourceStore second = startLoaded();
    List<CompletableFuture<Void>> writes = new ArrayList<>();

    for (int i = 0; i < 50; i++) {
      writes.add(first.put("Trigger/default/t" + (i % 5), bytes("first " + i)));
      writes.add(second.put("Trigger/default/t" + (i % 5), bytes("second " + i)));
    }
    CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get();

    await().atMost(TIMEOUT).untilAsserted(
        () -> assertThat(texts(first.list())).isEqualTo(texts(second.list())));
    assertThat(first.list()).hasSize(5);
  }

  @Test
  void shouldFailWritesWhenClosed() throws Exception {
    ResourceStore store = startLoaded();

    store.close();
    CompletableFuture<Void> write = store.put("Broker/default/b1", bytes("late"));

    assertThatThrownBy(write::get).isInstanceOf(ExecutionException.class);
    assertThat(store.isReady()).isFalse();
  }

  private ResourceStore startLoaded() throws InterruptedException {
    ResourceStore store = newStore();
    store.start();
    assertThat(store.awaitLoaded(TIMEOUT)).isTrue();
    assertThat(store.isReady()).isTrue();
    return store;
  }

  private ResourceStore newStore() {
    ResourceStore store =
        new ResourceStore(ResourceStoreConfig.of(KafkaFixture.bootstrapServers()).withTopic(topic));
    stores.add(store);
    return store;
  }

  private static void putAll(ResourceStore store, Map<String, String> entries) {
    CompletableFuture.allOf(new TreeMap<>(entries).entrySet().stream()
        .map(e -> store.put(e.getKey(), bytes(e.getValue())))
        .toArray(CompletableFuture[]::new)).join();
  }

  private static List<String> listen(ResourceStore store) {
    List<String> seen = new CopyOnWriteArrayList<>();
    ResourceListener listener = (key, oldValue, newValue) ->
        seen.add(key + ": " + text(oldValue) + " -> " + text(newValue));
    store.addListener(listener);
    return seen;
  }

  private String topicConfig(String name) throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    Map<ConfigResource, Config> configs =
        KafkaFixture.admin().describeConfigs(List.of(resource)).all().get();
    return configs.get(resource).get(name).value();
  }

  private static Map<String, String> texts(Map<String, byte[]> entries) {
    Map<String, String> texts = new TreeMap<>();
    entries.forEach((key, value) -> texts.put(key, text(value)));
    return texts;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }

  private static String text(byte[] value) {
    return value == null ? null : new String(value, UTF_8);
  }
}
