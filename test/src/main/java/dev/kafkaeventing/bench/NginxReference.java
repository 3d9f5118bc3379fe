package dev.kafkaeventing.bench;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * nginx as a reverse proxy to the activator scenario's app, in the same run: what a proxy written in
 * C costs on this machine for the same load, beside the activator. Its own prefix and configuration
 * under the bench's work directory, a free port, keep-alive connections to the app, no access log.
 *
 * <p>One worker process ({@link #WORKERS}), see there. Lifecycle: {@link #start}, then phases
 * against {@link #url}, then {@link #close} stops it. Used from the run's one thread.
 */
final class NginxReference implements AutoCloseable {

  /**
   * One worker: nginx's worker count is what the activator's event-loop count is to it (each
   * worker, like each event loop, runs its share of the connections on one thread). The activator
   * has two loops on this machine, but they share two cores with the load generator and the app
   * and together use about one core at the activator's max rate; one worker can use a whole core,
   * and every worker more adds context switches and cross-worker accept contention on 2 cores.
   * The run's log and row say how much of a core the worker used, so a worker at its cap shows.
   */
  static final int WORKERS = 1;

  private static final Duration START_LIMIT = Duration.ofSeconds(10);

  private final Process master;
  private final int port;
  private final Path prefix;

  private NginxReference(Process master, int port, Path prefix) {
    this.master = master;
    this.port = port;
    this.prefix = prefix;
  }

  /** nginx on the PATH, else {@code /usr/sbin/nginx}; empty when neither is there. */
  static Optional<Path> find() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "nginx");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    Path sbin = Path.of("/usr/sbin/nginx");
    return Files.isExecutable(sbin) ? Optional.of(sbin) : Optional.empty();
  }

  /** Starts nginx in front of the app on {@code appPort}, with everything it writes under {@code prefix}. */
  static NginxReference start(Path binary, Path prefix, int appPort, int connections)
      throws IOException, InterruptedException {
    Files.createDirectories(prefix.resolve("logs"));
    Files.createDirectories(prefix.resolve("temp"));
    int port = FreePorts.next();
    Path conf = prefix.resolve("nginx.conf");
    Files.writeString(conf, config(prefix, port, appPort, connections));
    Process master = new ProcessBuilder(binary.toString(), "-p", prefix + "/", "-c", conf.toString(),
        "-e", prefix.resolve("logs/error.log").toString())
        .redirectErrorStream(true).redirectOutput(prefix.resolve("logs/nginx.out").toFile()).start();
    NginxReference nginx = new NginxReference(master, port, prefix);
    if (!Waits.until(() -> !master.isAlive() || nginx.accepts(), START_LIMIT) || !master.isAlive()) {
      nginx.close();
      throw new IllegalStateException("nginx did not start within " + START_LIMIT.toSeconds() + " s: "
          + nginx.errorLog());
    }
    return nginx;
  }

  /**
   * The configuration: the master in the foreground (the bench owns the process), the client's
   * keep-alive connections never closed by a request count (as the activator's), HTTP/1.1 with an
   * idle pool to the app ({@code keepalive}, {@code Connection ""}), bodies and answers held in
   * memory (1 KiB requests, short answers: no temporary file), and the forwarding headers the
   * activator also sets.
   */
  static String config(Path prefix, int port, int appPort, int connections) {
    Path temp = prefix.resolve("temp");
    return """
        daemon off;
        master_process on;
        worker_processes %d;
        pid %s;
        events {
          worker_connections 4096;
        }
        http {
          access_log off;
          client_body_temp_path %s/client;
          proxy_temp_path %s/proxy;
          fastcgi_temp_path %s/fastcgi;
          uwsgi_temp_path %s/uwsgi;
          scgi_temp_path %s/scgi;
          client_body_buffer_size 64k;
          keepalive_requests 100000000;
          keepalive_timeout 60s;
          upstream app {
            server 127.0.0.1:%d;
            keepalive %d;
            keepalive_requests 100000000;
          }
          server {
            listen 127.0.0.1:%d;
            location / {
              proxy_pass http://app;
              proxy_http_version 1.1;
              proxy_set_header Connection "";
              proxy_set_header Host $host;
              proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
              proxy_set_header X-Forwarded-Proto $scheme;
              proxy_buffers 8 16k;
              proxy_buffer_size 16k;
            }
          }
        }
        """.formatted(WORKERS, prefix.resolve("nginx.pid"), temp, temp, temp, temp, temp, appPort,
        Math.max(16, connections), port);
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + port + "/");
  }

  /** CPU time (user + system) of the master and its workers so far, nanoseconds. */
  long cpuNanos() {
    long total = 0;
    for (long pid : pids()) {
      try {
        total += ProcFs.sample(pid).cpuNanos();
      } catch (IllegalStateException gone) {
        // a worker that ended meanwhile: nginx restarts it, its time is lost
      }
    }
    return total;
  }

  private List<Long> pids() {
    return java.util.stream.Stream.concat(java.util.stream.Stream.of(master.pid()),
        master.children().map(ProcessHandle::pid)).toList();
  }

  private boolean accepts() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  private String errorLog() {
    try {
      Path log = prefix.resolve("logs/error.log");
      return Files.isRegularFile(log) ? Files.readString(log).strip() : "(no error log)";
    } catch (IOException e) {
      return "(error log unreadable: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    master.destroy(); // SIGTERM: nginx's fast shutdown
    try {
      if (master.waitFor(5, TimeUnit.SECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    master.children().forEach(ProcessHandle::destroyForcibly);
    master.destroyForcibly();
  }
}
