/**
 * The resource model: Knative's kinds, API versions and field names as immutable values, parsed
 * from YAML or JSON with strict validation whose errors name the file, document and field path.
 * Knows nothing of Kafka or HTTP; every other module reads resources through these types.
 */
package dev.kafkaeventing.crds;
