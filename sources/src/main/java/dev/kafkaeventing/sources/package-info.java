/**
 * Event sources served on the one dispatcher: PingSource (in {@code ping}), ContainerSource and
 * SinkBinding (in {@code container}). Each package has an entry class the platform's wiring calls
 * to register its reconcilers.
 */
package dev.kafkaeventing.sources;
