package dev.kafkaeventing.core.tracing;

import io.opentelemetry.api.common.AttributeKey;

/**
 * The attribute names of the platform's spans: OpenTelemetry's semantic conventions where one fits
 * ({@code messaging.*}, {@code http.*}, {@code url.full}, {@code server.address}), the CloudEvents
 * conventions for events ({@code cloudevents.event_id}, {@code cloudevents.event_type}), and
 * {@code kafka_eventing.*} for the platform's own nouns.
 */
public final class SpanAttributes {

  public static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
  public static final AttributeKey<String> MESSAGING_OPERATION = AttributeKey.stringKey("messaging.operation.type");
  public static final AttributeKey<String> MESSAGING_DESTINATION = AttributeKey.stringKey("messaging.destination.name");
  public static final AttributeKey<Long> MESSAGING_BATCH_COUNT = AttributeKey.longKey("messaging.batch.message_count");
  public static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");
  public static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
  public static final AttributeKey<String> URL = AttributeKey.stringKey("url.full");
  public static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  public static final AttributeKey<String> EVENT_ID = AttributeKey.stringKey("cloudevents.event_id");
  public static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("cloudevents.event_type");
  public static final AttributeKey<String> RESOURCE_KIND = AttributeKey.stringKey("kafka_eventing.resource.kind");
  public static final AttributeKey<String> RESOURCE_NAMESPACE = AttributeKey.stringKey("kafka_eventing.resource.namespace");
  public static final AttributeKey<String> RESOURCE_NAME = AttributeKey.stringKey("kafka_eventing.resource.name");
  public static final AttributeKey<Long> MATCHED_ROUTES = AttributeKey.longKey("kafka_eventing.matched_routes");
  public static final AttributeKey<String> ROUTE = AttributeKey.stringKey("kafka_eventing.route");
  public static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("kafka_eventing.delivery.attempt");
  public static final AttributeKey<String> DEAD_LETTER_SINK = AttributeKey.stringKey("kafka_eventing.dead_letter_sink");

  private SpanAttributes() {}
}
