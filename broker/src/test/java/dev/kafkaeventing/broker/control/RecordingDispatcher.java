package dev.kafkaeventing.broker.control;

import dev.kafkaeventing.dispatcher.DispatcherControl;
import dev.kafkaeventing.dispatcher.ParkedEvent;
import dev.kafkaeventing.dispatcher.ReplayProgress;
import dev.kafkaeventing.dispatcher.Route;
import dev.kafkaeventing.dispatcher.RouteStats;
import dev.kafkaeventing.dispatcher.StreamId;
import dev.kafkaeventing.ingress.ReceiverRouteTable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** Records what reconcilers hand the dispatcher and the receiver; every stream is ready at once. */
final class RecordingDispatcher implements DispatcherControl {

  final Map<StreamId, String> streams = new ConcurrentHashMap<>();
  final Map<String, Route> routes = new ConcurrentHashMap<>();

  @Override public void upsertStream(StreamId stream, String topic) { streams.put(stream, topic); }
  @Override public void removeStream(StreamId stream) { streams.remove(stream); }
  @Override public boolean isReady(StreamId stream) { return true; }
  @Override public CompletableFuture<Void> whenReady(StreamId stream) { return CompletableFuture.completedFuture(null); }
  @Override public void upsertRoute(Route route) { routes.put(route.uid(), route); }
  @Override public void removeRoute(StreamId stream, String uid) { routes.remove(uid); }
  @Override public Optional<RouteStats> stats(StreamId stream, String uid) { return Optional.empty(); }
  @Override public List<ParkedEvent> parked(String routeUid) { return List.of(); }
  @Override public Optional<ReplayProgress> replayProgress(String routeUid) { return Optional.empty(); }
  @Override public String applicationId(StreamId stream) { return "test-" + stream.kind() + "-" + stream.namespace() + "-" + stream.name(); }
  @Override public List<String> internalTopics(StreamId stream) { return List.of(); }

  /** The receiver's paths, in a map. */
  static final class Paths implements ReceiverRouteTable {
    final Map<String, String> topics = new ConcurrentHashMap<>();

    @Override public Optional<String> topicFor(String path) { return Optional.ofNullable(topics.get(path)); }
    @Override public void put(String path, String topic) { topics.put(path, topic); }
    @Override public void remove(String path) { topics.remove(path); }
  }
}
