package dev.kafkaeventing.sources.apiserver;

import dev.kafkaeventing.core.kafka.KafkaCluster;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.core.CloudEventKafkaCodec;
import dev.kafkaeventing.core.DeliveryTarget;
import dev.kafkaeventing.core.control.DeliveryPolicies;
import dev.kafkaeventing.core.control.DestinationResolver;
import dev.kafkaeventing.core.control.Reconciler;
import dev.kafkaeventing.crds.ApiServerSourceSpec;
import dev.kafkaeventing.crds.ConditionSet;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.StatusBuilder;
import dev.kafkaeventing.dispatcher.ReplyRoute;
import dev.kafkaeventing.dispatcher.Route;
import dev.kafkaeventing.dispatcher.StreamId;
import dev.kafkaeventing.filter.EventFilter;
import dev.kafkaeventing.filter.EventFilters;
import dev.kafkaeventing.filter.FilterException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles ApiServerSources: resolves the sink into {@code status.sinkUri}, routes the source's
 * topic to the sink through the dispatcher (one stream per source, ordered per object), and watches
 * each listed kind through {@link ApiServerWatches} (in the source's namespace, or in those its
 * {@code namespaceSelector} picks; as its {@code serviceAccountName} when given), writing every change
 * as an event into that topic. Standalone (no API server to watch) a source is refused with reason
 * {@code KubernetesModeRequired}.
 *
 * <p>Called on the reconcile thread only; the watches' listeners run on their own threads and only
 * use the thread-safe producer.
 */
final class ApiServerSourceReconciler implements Reconciler, AutoCloseable {

  static final ConditionSet CONDITIONS = ConditionSet.living("SinkProvided", "Deployed");
  static final String KUBERNETES_MODE_REQUIRED = "KubernetesModeRequired";
  private static final Logger LOG = LoggerFactory.getLogger(ApiServerSourceReconciler.class);
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

  /** What the watches of a source depend on: a change of any restarts them. */
  private record WatchPlan(String uid, List<ApiServerSourceSpec.WatchedResource> resources, String mode,
      ObjectNode owner, Map<String, String> extensions, ObjectNode namespaceSelector, String serviceAccount) {}

  /** A source served here: its watches and what started them. */
  private record Served(WatchPlan plan, List<AutoCloseable> watches) {}

  private final ApiServerSourceControl control;
  private final Map<ResourceKey, Served> served = new HashMap<>();
  private volatile Producer<byte[], byte[]> producer;

  ApiServerSourceReconciler(ApiServerSourceControl control) {
    this.control = control;
  }

  @Override
  public void reconcile(Resource source) throws Exception {
    StatusBuilder status = StatusBuilder.of(source, CONDITIONS, control.ports().clock())
        .initializeConditions()
        .observedGeneration(source.metadata().generation());
    if (control.watches() == null) {
      status.markFalse("Deployed", KUBERNETES_MODE_REQUIRED, "ApiServerSource watches the Kubernetes API server: "
          + "run the platform in Kubernetes mode (kafka-eventing up --kubernetes); standalone there is none to watch");
      control.ports().writeStatus(source, status.build());
      return;
    }
    ApiServerSourceSpec spec = ApiServerSourceSpec.from(source);
    String namespace = source.metadata().namespace();
    String name = source.metadata().name();
    URI sink;
    try {
      sink = control.ports().resolver().resolve(spec.sink(), namespace);
      status.put("sinkUri", sink.toString()).markTrue("SinkProvided");
    } catch (DestinationResolver.UnresolvedException e) {
      status.markFalse("SinkProvided", "NotFound", "spec.sink: " + e.getMessage());
      stop(source.key());
      control.ports().writeStatus(source, status.build());
      return;
    }
    EventFilter filter;
    try {
      filter = spec.filters() == null ? EventFilters.matchAll() : EventFilters.compile(spec.filters());
    } catch (FilterException e) {
      status.markFalse("Deployed", "InvalidFilters", "spec.filters: " + e.getMessage());
      control.ports().writeStatus(source, status.build());
      return;
    }
    status.set("ceAttributes", ceAttributes(spec.mode()));
    StreamId stream = stream(namespace, name);
    String topic = control.topic(namespace, name);
    control.topics().ensureTopic(topic, control.partitions(), control.replicationFactor(), Map.of(), ADMIN_TIMEOUT);
    control.dispatcher().upsertStream(stream, topic);
    control.dispatcher().upsertRoute(new Route(source.metadata().uid(), namespace, name, stream, filter,
        new DeliveryTarget(sink, Map.of(), DeliveryPolicies.from(null), null), true, ReplyRoute.DISCARD));

    WatchPlan plan = new WatchPlan(source.metadata().uid(), spec.resources(), spec.mode(), spec.owner(),
        spec.ceOverrides(), spec.namespaceSelector(), spec.serviceAccountName());
    Served current = served.get(source.key());
    if (current == null || !current.plan().equals(plan)) {
      stop(source.key());
      try {
        served.put(source.key(), new Served(plan, watch(namespace, topic, plan)));
      } catch (IllegalArgumentException e) {
        status.markFalse("Deployed", "WatchFailed", e.getMessage());
        control.ports().writeStatus(source, status.build());
        return;
      }
    }
    if (control.dispatcher().isReady(stream)) {
      status.markTrue("Deployed");
    } else {
      status.markUnknown("Deployed", "DispatcherNotReady", "the source's dispatcher is starting");
      control.dispatcher().whenReady(stream).thenRun(() -> control.ports().requeue(source.key()));
    }
    control.ports().writeStatus(source, status.build());
  }

  /** The source's stream; {@code apiserversource.} keeps it apart from other sources' streams. */
  private static StreamId stream(String namespace, String name) {
    return StreamId.source(namespace, "apiserversource." + name);
  }

  /** Starts one watch per listed resource; all or none. */
  private List<AutoCloseable> watch(String namespace, String topic, WatchPlan plan) {
    ApiServerEvents events = new ApiServerEvents(control.watches().apiServerUrl(), plan.mode(), plan.extensions());
    Producer<byte[], byte[]> out = producer();
    List<AutoCloseable> started = new ArrayList<>();
    try {
      for (int i = 0; i < plan.resources().size(); i++) {
        ApiServerSourceSpec.WatchedResource resource = plan.resources().get(i);
        try {
          started.add(control.watches().watch(
              new ApiServerWatches.Watch(namespace, resource.apiVersion(), resource.kind(), resource.selector(),
                  plan.namespaceSelector(), plan.serviceAccount()),
              (change, object) -> {
                if (ApiServerEvents.ownedBy(object, plan.owner())) {
                  send(out, topic, object, events.event(change, object));
                }
              }));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("spec.resources[" + i + "]: " + e.getMessage(), e);
        }
      }
      return started;
    } catch (RuntimeException e) {
      started.forEach(ApiServerSourceReconciler::closeQuietly);
      throw e;
    }
  }

  private static void send(Producer<byte[], byte[]> out, String topic, ObjectNode object,
      io.cloudevents.CloudEvent event) {
    ProducerRecord<byte[], byte[]> record = CloudEventKafkaCodec.toRecord(topic, event);
    byte[] key = object.path("metadata").path("uid").asText().getBytes(StandardCharsets.UTF_8);
    out.send(new ProducerRecord<>(topic, null, null, key, record.value(), record.headers()), (metadata, error) -> {
      if (error != null) {
        LOG.warn("ApiServerSource event {} ({}) not written to {}: {}", event.getId(), event.getType(), topic,
            error.toString());
      }
    });
  }

  private Producer<byte[], byte[]> producer() {
    if (producer == null) {
      producer = new KafkaProducer<>(new KafkaCluster(control.bootstrapServers(), control.dispatcher().clientProperties())
          .clientConfig(Map.of(
              ProducerConfig.ACKS_CONFIG, "all",
              ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
              ProducerConfig.LINGER_MS_CONFIG, 5)), new ByteArraySerializer(), new ByteArraySerializer());
    }
    return producer;
  }

  private ArrayNode ceAttributes(String mode) {
    String prefix = "Resource".equals(mode) ? ApiServerEvents.RESOURCE_TYPE : ApiServerEvents.REF_TYPE;
    ArrayNode attributes = JsonNodeFactory.instance.arrayNode();
    for (ApiServerWatches.Change change : ApiServerWatches.Change.values()) {
      attributes.addObject().put("type", prefix + change.word()).put("source", control.watches().apiServerUrl());
    }
    return attributes;
  }

  /** Stops the source's watches. */
  private void stop(ResourceKey key) {
    Served old = served.remove(key);
    if (old != null) {
      old.watches().forEach(ApiServerSourceReconciler::closeQuietly);
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      LOG.debug("Closing a watch failed: {}", e.toString());
    }
  }

  @Override
  public void deleted(ResourceKey key) {
    stop(key);
    if (control.watches() != null) {
      // The source's own stream and topic go with it (a replica that never served it deletes them too).
      control.dispatcher().removeStream(stream(key.namespace(), key.name()));
      control.topics().deleteTopicAsync(control.topic(key.namespace(), key.name()));
    }
    control.ports().repository().deleteStatus(key);
  }

  @Override
  public void close() {
    new ArrayList<>(served.keySet()).forEach(this::stop);
    if (producer != null) {
      producer.close(Duration.ofSeconds(10));
    }
  }
}
