package dev.kafkaeventing.core;

import dev.kafkaeventing.core.internal.server.PemFiles;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS of the platform's HTTP listeners (ingress, admin API, activator), from a PEM certificate
 * chain and a PEM PKCS#8 private key. The files are checked for a change (modification time and
 * size) every {@link #DEFAULT_CHECK_INTERVAL} on a daemon thread of its own; a changed pair is loaded
 * and every new connection gets it, while open connections keep the certificate they began with. A
 * pair that fails to load is logged and the previous one stays in use.
 *
 * <p>{@link #none()} is plain HTTP. Thread-safe; {@link #install} runs on each new connection's event
 * loop and never touches the disk. Lifecycle: {@link #fromPem} loads and starts watching; {@link #close}
 * stops watching.
 */
public final class ServerTls implements AutoCloseable {

  /** How often the files are checked for a change. */
  public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(1);

  private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);
  private static final ServerTls NONE = new ServerTls(null, null);

  private final PemFiles files;
  private final ScheduledExecutorService watcher;
  private volatile SslContext context;

  private ServerTls(PemFiles files, ScheduledExecutorService watcher) {
    this.files = files;
    this.watcher = watcher;
    this.context = files == null ? null : files.context();
  }

  /** Plain HTTP: {@link #install} adds nothing. */
  public static ServerTls none() {
    return NONE;
  }

  /**
   * Loads the pair once (an unreadable or invalid file fails here, naming it) and starts watching it.
   *
   * @throws IllegalArgumentException naming the file that cannot be read or parsed
   */
  public static ServerTls fromPem(Path certificateChain, Path privateKey, Duration checkInterval) {
    PemFiles files = PemFiles.load(certificateChain, privateKey);
    ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "tls-certificate-watch");
      thread.setDaemon(true);
      return thread;
    });
    ServerTls tls = new ServerTls(files, watcher);
    long every = checkInterval.toMillis();
    watcher.scheduleWithFixedDelay(tls::reloadIfChanged, every, every, TimeUnit.MILLISECONDS);
    return tls;
  }

  /** Whether listeners speak HTTPS. */
  public boolean enabled() {
    return files != null;
  }

  /** {@code https} or {@code http}, for the URLs the platform advertises. */
  public String scheme() {
    return enabled() ? "https" : "http";
  }

  /** Adds the TLS handler at the head of a new connection's pipeline (nothing when plain). */
  public void install(Channel channel) {
    SslContext current = context;
    if (current != null) {
      channel.pipeline().addFirst("tls", current.newHandler(channel.alloc()));
    }
  }

  /** Loads the files again if either changed on disk; runs on the watch thread. */
  void reloadIfChanged() {
    try {
      PemFiles changed = files.reloadIfChanged();
      if (changed != null) {
        context = changed.context();
        LOG.info("TLS certificate reloaded from {}", files.certificateChain());
      }
    } catch (RuntimeException e) {
      LOG.warn("TLS certificate not reloaded, the previous one stays in use: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    if (watcher != null) {
      watcher.shutdownNow();
    }
  }
}
