/**
 * What is a Broker's and a Trigger's: naming a Broker ({@link dev.kafkaeventing.broker.BrokerId},
 * its ingress path and its stream on the dispatcher). The mechanisms a Broker runs on are not
 * here: receiving events is the {@code ingress} module's, dispatching them to Triggers the {@code
 * dispatcher} module's, and neither knows Brokers or Triggers. The Broker and Trigger reconcilers
 * (topic naming and config, Trigger to route, delivery precedence, replies into the broker) move
 * here from {@code platform/control}.
 */
package dev.kafkaeventing.broker;
