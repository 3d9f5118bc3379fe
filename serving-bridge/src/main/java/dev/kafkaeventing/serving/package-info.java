/**
 * The serving bridge: Knative Services, Configurations, Revisions and Routes. Revisions run as
 * local processes ({@code runtime}), requests reach them through a compact activator with a
 * breaker and a traffic split ({@code activator}); the reconcilers are in {@code control}.
 */
package dev.kafkaeventing.serving;
