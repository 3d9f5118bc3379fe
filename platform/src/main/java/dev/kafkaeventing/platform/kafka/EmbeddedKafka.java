package dev.kafkaeventing.platform.kafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka (KRaft broker and controller in one) running inside this JVM.
 *
 * <p>The data directory is formatted on first use and reused afterwards, so topics, records and
 * the cluster id survive a restart with the same directory. One instance owns one directory:
 * starting a second one on it, in this process or another, fails before touching it.
 *
 * <p>Ports given as 0 are picked free at each start; a restart may use other ports than before.
 *
 * <p>Lifecycle: {@link #start} returns once the broker accepts clients; {@link #close} shuts it
 * down cleanly and waits for it. Thread-safe; {@code close} is idempotent.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

  private final KafkaRaftServer server;
  private final DataDirLock lock;
  private final EmbeddedKafkaConfig config;
  private final String clusterId;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);

  private EmbeddedKafka(KafkaRaftServer server, DataDirLock lock, EmbeddedKafkaConfig config,
      String clusterId) {
    this.server = server;
    this.lock = lock;
    this.config = config;
    this.clusterId = clusterId;
  }

  /**
   * Formats the data directory if it has never been formatted, then starts the broker.
   *
   * @return the running broker; its {@link #config()} has the ports actually used
   * @throws IllegalStateException when the directory is in use, or formatting or startup fails
   */
  public static EmbeddedKafka start(EmbeddedKafkaConfig config) {
    long begin = System.nanoTime();
    Path dataDir = config.dataDir().toAbsolutePath();
    DataDirLock lock = DataDirLock.acquire(dataDir);
    try {
      EmbeddedKafkaConfig resolved = resolvePorts(config);
      KafkaRaftServer server = startServer(dataDir, resolved);
      EmbeddedKafka kafka =
          new EmbeddedKafka(server, lock, resolved, KafkaStorage.clusterId(dataDir));
      LOG.info("Kafka {} started at {} in {} ms (data in {})", kafka.clusterId,
          kafka.bootstrapServers(), Duration.ofNanos(System.nanoTime() - begin).toMillis(),
          dataDir);
      return kafka;
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /**
   * Starts a broker and blocks the calling thread until the JVM is asked to stop (SIGINT or
   * SIGTERM), then shuts the broker down cleanly from a shutdown hook. For an entry point that
   * runs nothing but the broker. An interrupt of the calling thread also stops the broker.
   */
  public static void runForeground(EmbeddedKafkaConfig config) throws InterruptedException {
    EmbeddedKafka kafka = start(config);
    Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "embedded-kafka-shutdown"));
    try {
      kafka.stopped.await();
    } finally {
      kafka.close();
    }
  }

  /** The {@code bootstrap.servers} value for clients of this broker. */
  public String bootstrapServers() {
    return config.host() + ":" + config.brokerPort();
  }

  /** The cluster id kept in the data directory. */
  public String clusterId() {
    return clusterId;
  }

  /** The configuration with the ports actually bound (never 0). */
  public EmbeddedKafkaConfig config() {
    return config;
  }

  /** Shuts the broker down and waits until it has stopped. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      server.shutdown();
      server.awaitShutdown();
      LOG.info("Kafka {} at {} stopped", clusterId, bootstrapServers());
    } finally {
      lock.close();
      stopped.countDown();
    }
  }

  private static KafkaRaftServer startServer(Path dataDir, EmbeddedKafkaConfig resolved) {
    Properties props = BrokerProperties.of(
        dataDir.toString(), resolved.host(), resolved.brokerPort(), resolved.controllerPort());
    if (!KafkaStorage.isFormatted(dataDir)) {
      KafkaStorage.format(dataDir, props);
    }
    KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
    try {
      server.startup();
      return server;
    } catch (RuntimeException e) {
      IllegalStateException failure =
          new IllegalStateException("Kafka failed to start in " + dataDir, e);
      try {
        server.shutdown();
        server.awaitShutdown();
      } catch (RuntimeException shutdownError) {
        failure.addSuppressed(shutdownError);
      }
      throw failure;
    }
  }

  private static EmbeddedKafkaConfig resolvePorts(EmbeddedKafkaConfig config) {
    int controllerPort = config.controllerPort();
    if (controllerPort == 0) {
      controllerPort = FreePorts.pick(config.host(), config.brokerPort());
    }
    int brokerPort = config.brokerPort();
    if (brokerPort == 0) {
      brokerPort = FreePorts.pick(config.host(), controllerPort);
    }
    return new EmbeddedKafkaConfig(config.dataDir(), config.host(), brokerPort, controllerPort);
  }
}
