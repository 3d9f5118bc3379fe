/**
 * What is a Broker's and a Trigger's: naming a Broker ({@link dev.kafkaeventing.broker.BrokerId},
 * its ingress path and its stream on the dispatcher), and in {@code broker.control} their
 * reconcilers (topic naming and config from a ConfigMap, Trigger to route with its filters,
 * annotations and delivery precedence, replies into the broker), their status and what {@code
 * describe} shows of them. The mechanisms a Broker runs on are not here: receiving events is the
 * {@code ingress} module's, dispatching them to Triggers the {@code dispatcher} module's, and
 * neither knows Brokers or Triggers.
 */
package dev.kafkaeventing.broker;
