package dev.kafkaeventing.filter;

import static dev.kafkaeventing.filter.TestEvents.event;
import static dev.kafkaeventing.filter.TestEvents.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.cloudevents.CloudEvent;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code spec.filters} dialects, one table per dialect. */
class SubscriptionsApiFiltersTest {

  private static final CloudEvent ORDER = event();
  private static final CloudEvent WITH_EXTENSION = event("myext", "Value");
  private static final CloudEvent WITH_EMPTY_EXTENSION = event("myext", "");
  private static final CloudEvent WITH_SUBJECT = event("subject", "orders/42");
  private static final CloudEvent WITH_TIME = event("time", "2020-01-01T10:00:00+00:00");

  static Stream<Arguments> exact() {
    return Stream.of(
        arguments("[{exact: {type: com.example.order.created}}]", ORDER, true),
        arguments("[{exact: {type: com.example.ORDER.created}}]", ORDER, false),
        arguments("[{exact: {type: com.example.order}}]", ORDER, false),
        arguments("[{exact: {subject: orders/42}}]", WITH_SUBJECT, true),
        arguments("[{exact: {subject: orders/42}}]", ORDER, false),
        arguments("[{exact: {myext: Value}}]", WITH_EXTENSION, true),
        arguments("[{exact: {myext: value}}]", WITH_EXTENSION, false),
        arguments("[{exact: {myext: Value}}]", ORDER, false),
        arguments("[{exact: {myext: ''}}]", WITH_EMPTY_EXTENSION, true),
        arguments("[{exact: {myext: ''}}]", ORDER, false),
        arguments("[{exact: {type: com.example.order.created, myext: Value}}]", WITH_EXTENSION,
            true),
        arguments("[{exact: {type: com.example.order.created, myext: Value}}]", ORDER, false),
        arguments("[{exact: {source: 'https://example.com/orders'}}]", ORDER, true),
        arguments("[{exact: {specversion: '1.0'}}]", ORDER, true),
        arguments("[{exact: {time: '2020-01-01T10:00:00Z'}}]", WITH_TIME, true));
  }

  static Stream<Arguments> prefix() {
    return Stream.of(
        arguments("[{prefix: {type: com.example.}}]", ORDER, true),
        arguments("[{prefix: {type: COM.example.}}]", ORDER, false),
        arguments("[{prefix: {type: com.example.order.created.v2}}]", ORDER, false),
        arguments("[{prefix: {source: 'https://'}}]", ORDER, true),
        arguments("[{prefix: {myext: Val}}]", WITH_EXTENSION, true),
        arguments("[{prefix: {myext: Val}}]", ORDER, false),
        arguments("[{prefix: {subject: ''}}]", WITH_SUBJECT, true),
        arguments("[{prefix: {subject: ''}}]", ORDER, false),
        arguments("[{prefix: {type: com., source: 'http://'}}]", ORDER, false));
  }

  static Stream<Arguments> suffix() {
    return Stream.of(
        arguments("[{suffix: {type: .created}}]", ORDER, true),
        arguments("[{suffix: {type: .CREATED}}]", ORDER, false),
        arguments("[{suffix: {myext: lue}}]", WITH_EXTENSION, true),
        arguments("[{suffix: {myext: lue}}]", ORDER, false),
        arguments("[{suffix: {subject: ''}}]", WITH_SUBJECT, true),
        arguments("[{suffix: {subject: '42'}}]", ORDER, false),
        arguments("[{suffix: {time: 'Z'}}]", WITH_TIME, true));
  }

  static Stream<Arguments> composite() {
    return Stream.of(
        arguments("[]", ORDER, true),
        arguments("[{exact: {type: com.example.order.created}}, {prefix: {source: 'https'}}]",
            ORDER, true),
        arguments("[{exact: {type: com.example.order.created}}, {prefix: {source: 'http:'}}]",
            ORDER, false),
        arguments("[{all: [{exact: {type: com.example.order.created}}, {suffix: {myext: e}}]}]",
            WITH_EXTENSION, true),
        arguments("[{all: [{exact: {type: com.example.order.created}}, {suffix: {myext: e}}]}]",
            ORDER, false),
        arguments("[{any: [{exact: {type: other}}, {exact: {myext: Value}}]}]", WITH_EXTENSION,
            true),
        arguments("[{any: [{exact: {type: other}}, {exact: {myext: Value}}]}]", ORDER, false),
        arguments("[{not: {exact: {type: other}}}]", ORDER, true),
        arguments("[{not: {exact: {type: com.example.order.created}}}]", ORDER, false),
        arguments("[{not: {exact: {subject: orders/42}}}]", ORDER, true),
        arguments("[{not: {not: {prefix: {type: com.}}}}]", ORDER, true),
        arguments("[{any: [{all: [{prefix: {type: com.}}, {not: {exact: {myext: Value}}}]},"
            + " {exact: {subject: orders/42}}]}]", WITH_EXTENSION, false),
        arguments("[{any: [{all: [{prefix: {type: com.}}, {not: {exact: {myext: Value}}}]},"
            + " {exact: {subject: orders/42}}]}]", ORDER, true),
        arguments("[{all: [{any: [{suffix: {type: .deleted}}, {suffix: {type: .created}}]},"
            + " {not: {any: [{exact: {myext: Value}}, {exact: {subject: x}}]}}]}]", ORDER, true));
  }

  static Stream<Arguments> cesql() {
    return Stream.of(
        arguments("[{cesql: \"type = 'com.example.order.created' AND source LIKE 'https://%'\"}]",
            ORDER, true),
        arguments("[{cesql: \"type LIKE '%.CREATED'\"}]", ORDER, false),
        arguments("[{cesql: \"myext = 'Value'\"}]", WITH_EXTENSION, true),
        arguments("[{cesql: \"myext = 'Value'\"}]", ORDER, false),
        arguments("[{cesql: \"NOT (myext = 'Value')\"}]", ORDER, false),
        arguments("[{not: {cesql: \"myext = 'Value'\"}}]", ORDER, true),
        arguments("[{cesql: \"EXISTS myext OR subject IN ('a', 'orders/42')\"}]", WITH_SUBJECT,
            true),
        arguments("[{cesql: \"myext\"}]", event("myext", "true"), false),
        arguments("[{cesql: \"LOWER(myext) = 'value' AND LENGTH(myext) = 5\"}]", WITH_EXTENSION,
            true),
        arguments("[{cesql: \"1 / (LENGTH(type) - LENGTH(type)) = 0\"}]", ORDER, false));
  }

  static Stream<Arguments> cel() {
    return Stream.of(
        arguments("[{cel: \"event.type.startsWith('com.example.')\"}]", ORDER, true),
        arguments("[{cel: \"event.myext == 'Value'\"}]", WITH_EXTENSION, true),
        arguments("[{cel: \"has(event.myext)\"}]", ORDER, false),
        arguments("[{all: [{exact: {type: com.example.order.created}}, {cel: \"event.myext =="
            + " 'Value'\"}]}]", ORDER, false));
  }

  @ParameterizedTest(name = "{0} on {1} -> {2}")
  @MethodSource({"exact", "prefix", "suffix", "composite", "cesql", "cel"})
  void shouldMatchAsTheDialectSaysWhenCompiled(String filters, CloudEvent event, boolean expected)
      throws FilterException {
    EventFilter filter = EventFilters.compile(yaml(filters));

    boolean matches = filter.test(event);

    assertThat(matches).isEqualTo(expected);
  }
}
