/**
 * What every module shares, one mechanism each: the CloudEvents codecs (HTTP and the Kafka
 * binding), the delivery engine (attempts, retries, backoff, timeouts, dead letter sink, replies),
 * the one Netty HTTP client, connection limits for listeners, and Kafka helpers ({@code kafka}).
 * The control-plane SPI that the kinds' modules implement lives in {@code control}.
 */
package dev.kafkaeventing.core;
