package dev.kafkaeventing.filter;

import static dev.kafkaeventing.filter.TestEvents.yaml;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one filter evaluation, and of routing one event through 1,000 triggers. Not a test: run
 * it with the {@code jmh} profile (see README.md).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class FilterBenchmark {

  private static final String TYPE = "com.example.order.created";

  private CloudEvent event;
  private EventFilter exact;
  private EventFilter prefix;
  private EventFilter anyOfTen;
  private EventFilter cesql;
  private EventFilter celAttributes;
  private EventFilter celData;
  private FilterIndex<Integer> index;
  private List<EventFilter> triggers;
  private int matches;
  private final Consumer<Integer> sink = key -> matches++;

  @Setup
  public void setUp() throws FilterException {
    event = CloudEventBuilder.v1()
        .withId("8f4c1a52-5a8e-4e8d-9b7e-3f1e2d9c0b11")
        .withSource(URI.create("https://example.com/orders"))
        .withType(TYPE)
        .withSubject("orders/42")
        .withExtension("region", "eu")
        .withData("application/json",
            "{\"amount\": 150, \"currency\": \"EUR\", \"items\": [{\"sku\": \"a\", \"qty\": 2}]}"
                .getBytes(StandardCharsets.UTF_8))
        .build();
    exact = EventFilters.compile(yaml("[{exact: {type: " + TYPE + "}}]"));
    prefix = EventFilters.compile(yaml("[{prefix: {type: com.example.}}]"));
    StringBuilder any = new StringBuilder("[{any: [");
    for (int i = 0; i < 9; i++) {
      any.append(i % 2 == 0 ? "{exact: {type: 'other" : "{prefix: {source: 'http://other")
          .append(i).append("'}}, ");
    }
    anyOfTen = EventFilters.compile(yaml(any.append("{suffix: {type: .created}}]}]").toString()));
    cesql = EventFilters.compile(yaml("[{cesql: \"type LIKE 'com.example.%' AND region = 'eu'"
        + " AND source LIKE 'https://%'\"}]"));
    celAttributes = EventFilters.compile(yaml("[{cel: \"event.type == '" + TYPE + "'\"}]"));
    celData = EventFilters.compile(yaml("[{cel: \"event.type == '" + TYPE
        + "' && event.data.amount > 100\"}]"));
    buildTriggers();
  }

  /** 1,000 triggers on 100 types (10 per type, half attributes, half exact): 1% match each. */
  private void buildTriggers() throws FilterException {
    FilterIndex.Builder<Integer> builder = FilterIndex.builder();
    triggers = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      String type = i % 100 == 7 ? TYPE : "com.example.type" + (i % 100);
      EventFilter filter = i % 2 == 0
          ? EventFilters.attributes(Map.of("type", type))
          : EventFilters.compile(yaml("[{exact: {type: '" + type + "'}}]"));
      builder.add(i, filter);
      triggers.add(filter);
    }
    index = builder.build();
  }

  @Benchmark
  public boolean exact() {
    return exact.test(event);
  }

  @Benchmark
  public boolean prefix() {
    return prefix.test(event);
  }

  @Benchmark
  public boolean anyOfTen() {
    return anyOfTen.test(event);
  }

  @Benchmark
  public boolean cesql() {
    return cesql.test(event);
  }

  @Benchmark
  public boolean celAttributes() {
    return celAttributes.test(event);
  }

  @Benchmark
  public boolean celData() {
    return celData.test(event);
  }

  @Benchmark
  public int index1000Triggers() {
    matches = 0;
    index.forEachMatch(event, sink);
    return matches;
  }

  @Benchmark
  public int oneByOne1000Triggers() {
    int matched = 0;
    for (int i = 0; i < triggers.size(); i++) {
      matched += triggers.get(i).test(event) ? 1 : 0;
    }
    return matched;
  }
}
