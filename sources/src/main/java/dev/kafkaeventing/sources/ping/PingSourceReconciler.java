package dev.kafkaeventing.sources.ping;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.kafkaeventing.core.DeliveryTarget;
import dev.kafkaeventing.core.control.DeliveryPolicies;
import dev.kafkaeventing.core.control.DestinationResolver;
import dev.kafkaeventing.core.control.Reconciler;
import dev.kafkaeventing.crds.ConditionSet;
import dev.kafkaeventing.crds.OidcIdentities;
import dev.kafkaeventing.crds.PingSourceSpec;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.crds.StatusBuilder;
import dev.kafkaeventing.dispatcher.ReplyRoute;
import dev.kafkaeventing.dispatcher.Route;
import dev.kafkaeventing.dispatcher.StreamId;
import dev.kafkaeventing.filter.EventFilter;
import dev.kafkaeventing.filter.EventFilters;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles PingSources: checks the schedule, resolves the sink into {@code status.sinkUri},
 * routes the source's ticks from the ping stream to the sink (one route per source, matching its
 * {@code source} attribute) and hands the schedule to the {@link PingScheduler}. The ping topics,
 * stream and scheduler start with the first PingSource.
 *
 * <p>Called on the reconcile thread only.
 */
final class PingSourceReconciler implements Reconciler, AutoCloseable {

  static final ConditionSet CONDITIONS = ConditionSet.living("SinkProvided", "Deployed");
  /** The one stream of every PingSource's ticks. */
  static final StreamId STREAM = StreamId.source("system", "ping");
  private static final Logger LOG = LoggerFactory.getLogger(PingSourceReconciler.class);
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

  private final PingSourceControl control;
  private final Map<ResourceKey, Route> routes = new HashMap<>();
  private volatile PingScheduler scheduler;

  PingSourceReconciler(PingSourceControl control) {
    this.control = control;
  }

  @Override
  public void reconcile(Resource source) throws Exception {
    StatusBuilder status = StatusBuilder.of(source, CONDITIONS, control.ports().clock())
        .initializeConditions()
        .observedGeneration(source.metadata().generation());
    String namespace = source.metadata().namespace();
    String name = source.metadata().name();
    status.set("ceAttributes", ceAttributes(namespace, name));
    Optional<PingJob> job = job(source, status);
    if (job.isEmpty()) {
      unschedule(source.key());
      control.ports().writeStatus(source, status.build());
      return;
    }
    URI sink = URI.create(status.build().path("sinkUri").asText());
    ensureRunning();
    Route route = new Route(source.metadata().uid(), namespace, name, STREAM, filter(namespace, name),
        new DeliveryTarget(sink, Map.of(), DeliveryPolicies.from(null), null, new DeliveryTarget.Identity(
            OidcIdentities.subject(ResourceKind.PING_SOURCE, namespace, name),
            control.ports().resolver().audience(PingSourceSpec.from(source).sink(), namespace), null)),
        false, ReplyRoute.DISCARD);
    Route old = routes.put(source.key(), route);
    if (old != null && !old.uid().equals(route.uid())) {
      control.dispatcher().removeRoute(STREAM, old.uid());
    }
    control.dispatcher().upsertRoute(route);
    scheduler.upsert(job.get());
    if (control.dispatcher().isReady(STREAM)) {
      status.markTrue("Deployed");
    } else {
      status.markUnknown("Deployed", "DispatcherNotReady", "the ping stream's dispatcher is starting");
      control.dispatcher().whenReady(STREAM).thenRun(() -> control.ports().requeue(source.key()));
    }
    control.ports().writeStatus(source, status.build());
  }

  /** The scheduler's job, with the sink resolved into the status; empty when not ready. */
  private Optional<PingJob> job(Resource source, StatusBuilder status) {
    PingSourceSpec spec = PingSourceSpec.from(source);
    PingSchedule schedule;
    try {
      schedule = PingSchedule.parse(spec.schedule(), spec.timezone(),
          source.metadata().annotation(PingSchedule.SECONDS_ANNOTATION).orElse(null));
    } catch (IllegalArgumentException e) {
      status.markFalse("Deployed", "InvalidSchedule", e.getMessage());
      return Optional.empty();
    }
    try {
      URI sink = control.ports().resolver().resolve(spec.sink(), source.metadata().namespace());
      status.put("sinkUri", sink.toString()).markTrue("SinkProvided");
    } catch (DestinationResolver.UnresolvedException e) {
      status.markFalse("SinkProvided", "NotFound", "spec.sink: " + e.getMessage());
      return Optional.empty();
    }
    byte[] data = spec.data() != null ? spec.data().getBytes(StandardCharsets.UTF_8)
        : spec.dataBase64() != null ? Base64.getDecoder().decode(spec.dataBase64()) : null;
    return Optional.of(new PingJob(source.metadata().namespace() + "/" + source.metadata().name(),
        source.metadata().uid(), schedule, data, spec.contentType(), spec.ceOverrides(), control.ports().clock().instant()));
  }

  private void ensureRunning() {
    if (scheduler != null) {
      return;
    }
    Map<String, String> compact = Map.of("cleanup.policy", "compact");
    control.topics().ensureTopic(control.eventsTopic(), control.partitions(), control.replicationFactor(), Map.of(),
        ADMIN_TIMEOUT);
    control.topics().ensureTopic(control.ticksTopic(), control.partitions(), control.replicationFactor(), compact,
        ADMIN_TIMEOUT);
    control.dispatcher().upsertStream(STREAM, control.eventsTopic());
    scheduler = new PingScheduler(new PingScheduler.Settings(control.bootstrapServers(), control.eventsTopic(),
        control.ticksTopic(), control.schedulerGroup(), control.catchUp(), control.dispatcher().clientProperties()),
        control.ports().clock(), control.dispatcher().tracing());
    scheduler.start();
    LOG.info("PingSource scheduler started: ticks in {}, last ticks in {}", control.eventsTopic(), control.ticksTopic());
  }

  /** The source's own ticks among every PingSource's on the shared stream. */
  private static EventFilter filter(String namespace, String name) {
    return EventFilters.attributes(Map.of("source", PingJob.sourceOf(namespace, name), "type", PingJob.TYPE));
  }

  private static ArrayNode ceAttributes(String namespace, String name) {
    ArrayNode attributes = JsonNodeFactory.instance.arrayNode();
    attributes.addObject().put("type", PingJob.TYPE).put("source", PingJob.sourceOf(namespace, name));
    return attributes;
  }

  private void unschedule(ResourceKey key) {
    Route old = routes.remove(key);
    if (old != null) {
      control.dispatcher().removeRoute(STREAM, old.uid());
    }
    if (scheduler != null) {
      scheduler.remove(key.namespace() + "/" + key.name());
    }
  }

  @Override
  public void deleted(ResourceKey key) {
    unschedule(key);
    control.ports().repository().deleteStatus(key);
  }

  @Override
  public void close() {
    if (scheduler != null) {
      scheduler.close();
    }
  }
}
