package dev.kafkaeventing.dispatcher;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records what reconcilers hand the dispatcher; every stream is ready at once. Shared with the
 * reconciler tests of the modules built on the dispatcher (its test-jar).
 */
public final class RecordingDispatcher implements DispatcherControl {

  public final Map<StreamId, String> streams = new ConcurrentHashMap<>();
  public final Map<String, Route> routes = new ConcurrentHashMap<>();

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
}
