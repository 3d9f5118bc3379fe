package dev.kafkaeventing.platform.kafka;

import java.util.Properties;

/**
 * Server properties of a single-node KRaft broker that is also its own controller.
 *
 * <p>Replication factors are 1 because there is one node; topics are never created implicitly so
 * that a typo in a topic name fails instead of creating an empty topic.
 */
final class BrokerProperties {

  static final int NODE_ID = 1;

  private BrokerProperties() {}

  static Properties of(String logDir, String host, int brokerPort, int controllerPort) {
    String broker = host + ":" + brokerPort;
    String controller = host + ":" + controllerPort;
    Properties props = new Properties();
    props.setProperty("process.roles", "broker,controller");
    props.setProperty("node.id", Integer.toString(NODE_ID));
    props.setProperty("controller.quorum.bootstrap.servers", controller);
    props.setProperty("listeners", "PLAINTEXT://" + broker + ",CONTROLLER://" + controller);
    props.setProperty("advertised.listeners", "PLAINTEXT://" + broker);
    props.setProperty("controller.listener.names", "CONTROLLER");
    props.setProperty("inter.broker.listener.name", "PLAINTEXT");
    props.setProperty(
        "listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.setProperty("log.dirs", logDir);
    props.setProperty("num.partitions", "1");
    props.setProperty("default.replication.factor", "1");
    props.setProperty("min.insync.replicas", "1");
    props.setProperty("offsets.topic.replication.factor", "1");
    props.setProperty("offsets.topic.num.partitions", "1");
    props.setProperty("transaction.state.log.replication.factor", "1");
    props.setProperty("transaction.state.log.min.isr", "1");
    props.setProperty("share.coordinator.state.topic.replication.factor", "1");
    props.setProperty("share.coordinator.state.topic.min.isr", "1");
    props.setProperty("group.initial.rebalance.delay.ms", "0");
    props.setProperty("auto.create.topics.enable", "false");
    return props;
  }
}
