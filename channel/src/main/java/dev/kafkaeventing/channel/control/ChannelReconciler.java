package dev.kafkaeventing.channel.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkaeventing.channel.ChannelKinds;
import dev.kafkaeventing.core.control.OwnedResources;
import dev.kafkaeventing.core.control.Reconciler;
import dev.kafkaeventing.crds.ChannelSpec;
import dev.kafkaeventing.crds.Condition;
import dev.kafkaeventing.crds.ConditionSet;
import dev.kafkaeventing.crds.Conditions;
import dev.kafkaeventing.crds.ObjectMeta;
import dev.kafkaeventing.crds.OwnerReference;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.crds.StatusBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reconciles the generic {@code messaging.knative.dev/v1} Channel as Knative does: it creates a
 * backing channel of its {@code spec.channelTemplate} kind (a KafkaChannel when none is given),
 * with the same name, the template's spec plus the Channel's {@code delivery}, owned by the
 * Channel; then mirrors the backing channel's address, subscribers and readiness, and names it in
 * {@code status.channel}. Both share one topic and one set of Subscriptions. Deleting the Channel
 * deletes the backing channel.
 */
final class ChannelReconciler implements Reconciler {

  static final ConditionSet CONDITIONS = ConditionSet.living("BackingChannelReady", "Addressable");

  private final ChannelControl context;
  private final OwnedResources owned;

  ChannelReconciler(ChannelControl context) {
    this.context = context;
    this.owned = new OwnedResources(context.repository(), context.clock());
  }

  @Override
  public void reconcile(Resource channel) throws Exception {
    StatusBuilder status = StatusBuilder.of(channel, CONDITIONS, context.clock())
        .initializeConditions()
        .observedGeneration(channel.metadata().generation());
    ChannelSpec spec = ChannelSpec.from(channel);
    Optional<ResourceKind> kind = ChannelKinds.backingKind(spec.channelTemplate());
    if (kind.isEmpty()) {
      status.markFalse("BackingChannelReady", "ChannelTemplateInvalid", "spec.channelTemplate: "
          + spec.channelTemplate().apiVersion() + " " + spec.channelTemplate().kind()
          + " is not served; use messaging.knative.dev/v1beta1 KafkaChannel or messaging.knative.dev/v1 InMemoryChannel");
      context.writeStatus(channel, status.addressUrl(null).build());
      return;
    }
    Resource backing;
    try {
      backing = owned.apply(backing(channel, kind.get(), spec));
    } catch (OwnedResources.ConflictException e) {
      status.markFalse("BackingChannelReady", "BackingChannelNotOwned", e.getMessage());
      context.writeStatus(channel, status.addressUrl(null).build());
      return;
    }
    mirror(backing, status);
    context.writeStatus(channel, status.build());
  }

  private static Resource backing(Resource channel, ResourceKind kind, ChannelSpec spec) {
    ObjectNode backingSpec = spec.channelTemplate() == null
        ? JsonNodeFactory.instance.objectNode() : spec.channelTemplate().spec();
    JsonNode delivery = channel.spec().get("delivery");
    if (delivery != null) {
      backingSpec.set("delivery", delivery);
    }
    ObjectMeta meta = new ObjectMeta(channel.metadata().name(), channel.metadata().namespace(), Map.of(),
        Map.of(), 0, null, null, List.of(OwnerReference.controllerOf(channel)));
    return Resource.of(kind, meta, backingSpec);
  }

  private static void mirror(Resource backing, StatusBuilder status) {
    ObjectNode ref = JsonNodeFactory.instance.objectNode();
    ref.put("apiVersion", backing.apiVersion()).put("kind", backing.kind())
        .put("name", backing.metadata().name()).put("namespace", backing.metadata().namespace());
    status.set("channel", ref);
    JsonNode backingStatus = backing.status();
    String url = backingStatus.path("address").path("url").asText("");
    String audience = backingStatus.path("address").path("audience").asText(null);
    status.address(url.isEmpty() ? null : url, audience);
    status.set("subscribers", backingStatus.get("subscribers"));
    status.set("deadLetterSinkUri", backingStatus.get("deadLetterSinkUri"));
    Optional<Condition> ready = Conditions.find(backingStatus, ConditionSet.READY);
    boolean current = backingStatus.path("observedGeneration").asLong(-1) == backing.metadata().generation();
    if (ready.isPresent() && ready.get().isTrue() && current) {
      status.markTrue("BackingChannelReady");
    } else if (ready.isPresent() && ready.get().isFalse()) {
      status.markFalse("BackingChannelReady", ready.get().reason(), ready.get().message());
    } else {
      status.markUnknown("BackingChannelReady", "BackingChannelNotReady", backing + " is not ready yet");
    }
    if (url.isEmpty()) {
      status.markUnknown("Addressable", "NoAddress", backing + " has no address yet");
    } else {
      status.markTrue("Addressable");
    }
  }

  @Override
  public void deleted(ResourceKey key) throws Exception {
    for (Resource backing : owned.ownedBy(ResourceKind.CHANNEL, key.namespace(), key.name(), ChannelKinds.all())) {
      owned.delete(backing.key());
    }
    context.repository().deleteStatus(key);
  }
}
