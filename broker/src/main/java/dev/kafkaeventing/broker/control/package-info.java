/**
 * The Broker, Trigger and (Broker-configuring) ConfigMap reconcilers. The module's one entry is
 * {@link dev.kafkaeventing.broker.control.BrokerReconcilers#register}, given a {@link
 * dev.kafkaeventing.broker.control.BrokerControl} of exactly what they need (the repository and
 * status port, the dispatcher's control part, the receiver's paths, topics, a few settings); it
 * returns the {@link dev.kafkaeventing.broker.control.TriggerRoutes} the admin API and metrics read.
 * Everything else is package-private.
 */
package dev.kafkaeventing.broker.control;
