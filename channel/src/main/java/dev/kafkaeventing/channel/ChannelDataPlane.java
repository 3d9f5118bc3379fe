package dev.kafkaeventing.channel;

import dev.kafkaeventing.broker.BrokerDataPlane;
import dev.kafkaeventing.broker.BrokerDataPlaneConfig;
import dev.kafkaeventing.broker.BrokerId;
import dev.kafkaeventing.broker.TriggerRoute;
import dev.kafkaeventing.broker.TriggerStats;
import dev.kafkaeventing.core.DeliveryEngine;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;

/**
 * Runs one Kafka Streams topology per channel and keeps each channel's Subscriptions as data the
 * topology reads per event. A channel is a topic with routes, so this is the broker data plane
 * under channel names: the same durable per-route delivery queue, the same delivery engine, a
 * Subscription being a route without filter whose replies are forwarded or dropped. Adding,
 * changing or removing a Subscription never restarts a topology.
 *
 * <p>Channels get their own application ids (the configured prefix, e.g. {@code
 * <instance>-channel}), so a channel and a Broker of the same name never share state.
 *
 * <p>Thread-safe; called by the control plane. Lifecycle: create, {@link #upsertChannel} per ready
 * channel; {@link #close()} stops every topology (state stays on disk and in Kafka).
 */
public final class ChannelDataPlane implements AutoCloseable {

  private final BrokerDataPlane topologies;

  /**
   * @param config settings of the channel topologies; its {@code applicationIdPrefix} must differ
   *     from the brokers'
   * @param producer the caller's (who closes it); the broker data plane writes replies back into
   *     the source topic with it, which Subscriptions never ask for, so it stays idle here
   */
  public ChannelDataPlane(BrokerDataPlaneConfig config, DeliveryEngine engine, Producer<byte[], byte[]> producer) {
    this.topologies = new BrokerDataPlane(config, engine, producer);
  }

  /** Starts the channel's topology on {@code topic} unless it already runs on that topic. */
  public void upsertChannel(ChannelId channel, String topic) {
    topologies.upsertBroker(key(channel), topic);
  }

  /** Stops the channel's topology and removes its local state and its Subscriptions' routes. */
  public void removeChannel(ChannelId channel) {
    topologies.removeBroker(key(channel));
  }

  /** True once the channel's topology has reached RUNNING at least once. */
  public boolean isReady(ChannelId channel) {
    return topologies.isReady(key(channel));
  }

  /** Completes when the channel's topology first reaches RUNNING; fails when it has none. */
  public CompletableFuture<Void> whenReady(ChannelId channel) {
    return topologies.whenReady(key(channel));
  }

  /** Every Subscription that existed at start has been handed over (see the broker data plane). */
  public void markSubscriptionsLoaded() {
    topologies.markTriggersLoaded();
  }

  /** Adds or replaces a Subscription's route; it sees events that arrive from now on. */
  public void upsertSubscription(SubscriptionRoute route) {
    topologies.upsertTrigger(new TriggerRoute(route.uid(), route.namespace(), route.name(),
        key(route.channel()), null, route.filters(), route.target(), route.ordered(), route.reply()));
  }

  /** Removes a Subscription's route; its queued events are dropped with it. */
  public void removeSubscription(ChannelId channel, String uid) {
    topologies.removeTrigger(key(channel), uid);
  }

  /** Delivery counters of a Subscription on this instance. */
  public Optional<TriggerStats> stats(ChannelId channel, String uid) {
    return topologies.stats(key(channel), uid);
  }

  /** The application id of a channel's topology; names its consumer group and internal topics. */
  public String applicationId(ChannelId channel) {
    return topologies.applicationId(key(channel));
  }

  /** The topics a channel's topology creates besides the channel topic (exact names). */
  public List<String> internalTopics(ChannelId channel) {
    return topologies.internalTopics(key(channel));
  }

  @Override
  public void close() {
    topologies.close();
  }

  /** The broker data plane keys topologies by namespace and name; this instance holds only channels. */
  private static BrokerId key(ChannelId channel) {
    return new BrokerId(channel.namespace(), channel.name());
  }
}
