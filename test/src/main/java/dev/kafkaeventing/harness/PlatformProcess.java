package dev.kafkaeventing.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * {@code kafka-eventing up} in a child JVM, so that a test or the benchmark can stop it the way an
 * operator or a crash does: {@link #terminate()} is SIGTERM (the shutdown hook runs), {@link
 * #kill()} is SIGKILL (nothing runs). Ports (picked free once), data directory and instance name
 * stay the same across {@link #restart()}s; each run writes its own log file.
 *
 * <p>The one child-process harness of the kill and crash tests and the benchmark's platform node.
 * Thread-safe: {@link #kill()} may come from any thread (e.g. a subscriber's handler).
 * Lifecycle: {@link Builder#start()}, {@link #awaitReady}, then {@link #close()}.
 */
public final class PlatformProcess implements AutoCloseable {

  private static final String MAIN = "dev.kafkaeventing.platform.Main";

  private final Builder options;
  private final int ingressPort;
  private final int adminPort;
  private final int activatorPort;
  private final List<String> kafkaPorts;
  private final AdminClient admin;
  private int runs;
  private volatile Process process;
  private volatile Path log;
  private volatile long launchedNanos;

  private PlatformProcess(Builder options) {
    this.options = options;
    this.ingressPort = freePort();
    this.adminPort = freePort();
    this.activatorPort = freePort();
    this.kafkaPorts = options.bootstrapServers == null
        ? List.of("--kafka-port", Integer.toString(freePort()), "--kafka-controller-port", Integer.toString(freePort()))
        : List.of("--bootstrap-servers", options.bootstrapServers);
    this.admin = new AdminClient(adminUrl(), this::adminToken, trustedCertificate());
  }

  /**
   * @param dataDir the platform's data directory (its run logs go beside it unless {@link
   *     Builder#logs} says otherwise)
   * @param instanceName names the resource topic and consumer groups
   */
  public static Builder builder(Path dataDir, String instanceName) {
    return new Builder(dataDir, instanceName);
  }

  /**
   * A small child platform for crash and multi-instance tests, on the given Kafka, killed (not
   * stopped) on close: a new data directory, an instance named {@code <prefix>-<random>}, 384 MiB of
   * heap, C1 only and the serial GC, so several fit beside the suite on two cores.
   */
  public static Builder crashTestChild(String prefix, String bootstrapServers) throws java.io.IOException {
    return builder(java.nio.file.Files.createTempDirectory("kafka-eventing-" + prefix).resolve("data"),
            prefix + "-" + java.util.UUID.randomUUID().toString().substring(0, 8))
        .jvmOptions(List.of("-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"))
        .bootstrapServers(bootstrapServers)
        .killOnClose();
  }

  public String ingressUrl() {
    return scheme() + "://127.0.0.1:" + ingressPort;
  }

  /** The serving activator: Knative Services by Host or {@code /<namespace>/<service>}. */
  public String activatorUrl() {
    return scheme() + "://127.0.0.1:" + activatorPort;
  }

  public String adminUrl() {
    return scheme() + "://127.0.0.1:" + adminPort;
  }

  /**
   * The admin API's admin-scope token, which {@code up} writes into the data directory at its first
   * start; null before that. {@link #admin()} sends it on every call.
   */
  public String adminToken() {
    Path file = options.dataDir.resolve("admin-token");
    try {
      return Files.isReadable(file) ? Files.readString(file).strip() : null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The certificate given as {@code --tls-cert} in the args, or null when the platform speaks plain HTTP. */
  public Path trustedCertificate() {
    int at = options.args.indexOf("--tls-cert");
    return at < 0 || at + 1 >= options.args.size() ? null : Path.of(options.args.get(at + 1));
  }

  private String scheme() {
    return trustedCertificate() == null ? "http" : "https";
  }

  /** The admin API of this platform. */
  public AdminClient admin() {
    return admin;
  }

  /**
   * Waits until {@code /readyz} answers 200.
   *
   * @return the time from the latest launch until then
   * @throws IllegalStateException when the child exits or is not ready within {@code limit}, with
   *     the end of its log
   */
  public Duration awaitReady(Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (process.isAlive() && !admin.isReady()) {
      if (System.nanoTime() > deadline) {
        stop(process);
        break;
      }
      Thread.sleep(100);
    }
    if (!process.isAlive()) {
      throw new IllegalStateException("the platform did not get ready (exit " + process.exitValue()
          + "); its log ends with:\n" + logTail(40));
    }
    return Duration.ofNanos(System.nanoTime() - launchedNanos);
  }

  /** Kills the child at once (SIGKILL): no shutdown hook, flush or commit. Any thread, any number of times. */
  public void kill() {
    Process current = process;
    if (current != null) {
      current.destroyForcibly();
    }
  }

  /** True once the child has exited (killed or otherwise). */
  public boolean exited() {
    Process current = process;
    return current != null && !current.isAlive();
  }

  public boolean isAlive() {
    return !exited();
  }

  public long pid() {
    return process.pid();
  }

  /** The time the latest run was launched ({@link System#nanoTime()}). */
  public long launchedNanos() {
    return launchedNanos;
  }

  /** Kills the child if it still runs, waits for it to be gone, then launches it again; does not wait for ready. */
  public void restart() throws InterruptedException {
    kill();
    process.waitFor();
    launch();
  }

  /** Stops the child as SIGTERM does (its shutdown hook runs), killing it after 30 s; waits for it to exit. */
  public void terminate() {
    stop(process);
  }

  /**
   * SIGTERM, then waits up to {@code limit} for the child to exit (its shutdown hook included).
   *
   * @return how long the child took to exit
   * @throws IllegalStateException when it still runs after {@code limit} (it is then killed)
   */
  public Duration terminate(Duration limit) throws InterruptedException {
    Process current = process;
    long begin = System.nanoTime();
    current.destroy();
    if (!current.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      current.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new IllegalStateException("the platform did not exit within " + limit + " of SIGTERM; its log ends with:\n"
          + logTail(40));
    }
    return Duration.ofNanos(System.nanoTime() - begin);
  }

  /** The last lines of the latest run's log. */
  public String logTail(int lines) {
    try {
      String[] all = Files.readString(log).split("\n");
      return String.join("\n", Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** Terminates the child (or kills it, see {@link Builder#killOnClose()}) if it still runs. */
  @Override
  public void close() {
    if (options.killOnClose) {
      kill();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    } else {
      terminate();
    }
  }

  private void launch() {
    runs++;
    log = options.logDir.resolve(options.label + "-" + runs + ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(options.jvmOptions);
    command.addAll(List.of("-cp", options.classpath, MAIN, "up",
        "--data-dir", options.dataDir.toString(), "--instance-name", options.instanceName,
        "--ingress-port", Integer.toString(ingressPort), "--admin-port", Integer.toString(adminPort),
        "--metrics-port", "-1", "--activator-port", Integer.toString(activatorPort)));
    command.addAll(kafkaPorts);
    command.addAll(options.args);
    try {
      Files.createDirectories(options.logDir);
      launchedNanos = System.nanoTime();
      process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the platform", e);
    }
  }

  private static void stop(Process current) {
    if (current == null || !current.isAlive()) {
      return;
    }
    current.destroy();
    try {
      if (!current.waitFor(30, TimeUnit.SECONDS)) {
        current.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      current.destroyForcibly();
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** How to run the child. Defaults: this JVM's classpath, {@code -Xmx512m}, embedded Kafka, logs beside the data. */
  public static final class Builder {
    private final Path dataDir;
    private final String instanceName;
    private String classpath = System.getProperty("java.class.path");
    private List<String> jvmOptions = List.of("-Xmx512m");
    private String bootstrapServers;
    private List<String> args = List.of();
    private Path logDir;
    private String label = "platform";
    private boolean killOnClose;

    private Builder(Path dataDir, String instanceName) {
      this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
      this.instanceName = Objects.requireNonNull(instanceName, "instanceName");
      this.logDir = dataDir.toAbsolutePath().getParent();
    }

    /** The child's classpath (the benchmark runs the packaged platform). */
    public Builder classpath(String value) {
      this.classpath = value;
      return this;
    }

    public Builder jvmOptions(List<String> value) {
      this.jvmOptions = List.copyOf(value);
      return this;
    }

    /** Kafka to use; null (the default) embeds one on free ports. */
    public Builder bootstrapServers(String value) {
      this.bootstrapServers = value;
      return this;
    }

    /** Further {@code up} flags, e.g. {@code --default-partitions 3}. */
    public Builder args(List<String> value) {
      this.args = List.copyOf(value);
      return this;
    }

    /** Each run's output goes to {@code <dir>/<label>-<run>.log}. */
    public Builder logs(Path dir, String fileLabel) {
      this.logDir = dir;
      this.label = fileLabel;
      return this;
    }

    /** {@link PlatformProcess#close()} kills rather than terminates (crash tests need no clean stop). */
    public Builder killOnClose() {
      this.killOnClose = true;
      return this;
    }

    /** Launches the child; does not wait for it to be ready. */
    public PlatformProcess start() {
      PlatformProcess platform = new PlatformProcess(this);
      platform.launch();
      return platform;
    }

    /**
     * Launches the child and waits until it is ready (see {@link PlatformProcess#awaitReady}); a
     * child that does not get ready is closed before the exception leaves.
     */
    public PlatformProcess startReady(Duration limit) throws InterruptedException {
      PlatformProcess platform = start();
      try {
        platform.awaitReady(limit);
      } catch (RuntimeException | Error | InterruptedException e) {
        platform.close();
        throw e;
      }
      return platform;
    }
  }
}
