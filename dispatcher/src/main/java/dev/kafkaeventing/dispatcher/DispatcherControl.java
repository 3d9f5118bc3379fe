package dev.kafkaeventing.dispatcher;

import dev.kafkaeventing.core.tracing.Tracing;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * The part of the {@link Dispatcher} the control plane drives: streams and routes in, readiness,
 * counters and Kafka names out. Reconcilers depend on this rather than on the dispatcher itself,
 * so their tests can hand them a recording implementation. Implementations are thread-safe.
 */
public interface DispatcherControl {

  /** Starts the stream's topology on {@code topic} unless it already runs on that topic. */
  void upsertStream(StreamId stream, String topic);

  /**
   * Starts the stream's topology on {@code source} unless it already runs on that source.
   *
   * @throws UnsupportedOperationException when the implementation serves only one-topic streams
   */
  default void upsertStream(StreamId stream, StreamSource source) {
    if (!source.equals(StreamSource.of(source.topics().get(0)))) {
      throw new UnsupportedOperationException("only one-topic CloudEvent streams are served here");
    }
    upsertStream(stream, source.topics().get(0));
  }

  /** Stops the stream's topology and removes its local state. Its routes are dropped. */
  void removeStream(StreamId stream);

  /** True once the stream's topology has reached RUNNING at least once. */
  boolean isReady(StreamId stream);

  /** Completes when the stream's topology first reaches RUNNING. */
  CompletableFuture<Void> whenReady(StreamId stream);

  void upsertRoute(Route route);

  void removeRoute(StreamId stream, String uid);

  Optional<RouteStats> stats(StreamId stream, String uid);

  /** The in-flight window a route applies now on this instance; empty when it does not run here. */
  default OptionalInt window(StreamId stream, String uid) {
    return OptionalInt.empty();
  }

  /**
   * The new events per second a route is allowed on this instance now (its share of its own
   * {@code max-events-per-second}; 0 for unlimited); empty when it does not run here.
   */
  default OptionalDouble eventsPerSecond(StreamId stream, String uid) {
    return OptionalDouble.empty();
  }

  /** The stream's partitions assigned to this instance ({@code "2 of 4"}, or {@code "unknown"}); null when it does not run here. */
  default String partitionShare(StreamId stream) {
    return null;
  }

  /** The stream's own counters (records skipped as not CloudEvents); empty when it does not run here. */
  default StreamStats streamStats(StreamId stream) {
    return StreamStats.EMPTY;
  }

  /** The events parked for a route (read from Kafka: every instance sees the same). */
  List<ParkedEvent> parked(String routeUid);

  /** The latest replay of a route, if any. */
  Optional<ReplayProgress> replayProgress(String routeUid);

  /** The application id of a stream's topology; names its consumer group and internal topics. */
  String applicationId(StreamId stream);

  /** The topics a stream's topology creates besides its own topic (exact names, longest last). */
  List<String> internalTopics(StreamId stream);

  /** The tracing of the data plane, for sources that write events into a stream themselves. */
  default Tracing tracing() {
    return Tracing.OFF;
  }

  /**
   * Kafka client properties (security) of the dispatcher's cluster, for the clients a module opens
   * on it beside the dispatcher's; none unless configured.
   */
  default Map<String, String> clientProperties() {
    return Map.of();
  }
}
