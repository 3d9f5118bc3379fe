package dev.kafkaeventing.platform.cli;

import dev.kafkaeventing.platform.PlatformConfig;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks, before anything starts, that every port {@code up} listens on is free, so that a taken
 * port is reported in one line naming the port, its listener and the flag to change it, rather
 * than by the embedded Kafka's stack traces. Ports 0 (any free port) and -1 (off) are skipped. A
 * port taken between this check and the start is still reported, less precisely. Stateless.
 */
final class BusyPorts {

  /** One listener of {@code up}: what it is, where it binds and the flag that sets its port. */
  private record Listener(String name, String bind, int port, String flag, String hint) {}

  private BusyPorts() {}

  /** The problem with the first port that is taken or given twice, if any. */
  static Optional<String> check(PlatformConfig config) {
    List<Listener> listeners = listeners(config);
    for (int i = 0; i < listeners.size(); i++) {
      Listener listener = listeners.get(i);
      for (Listener earlier : listeners.subList(0, i)) {
        if (earlier.port() == listener.port()) {
          return Optional.of("port " + listener.port() + " is given to both the " + earlier.name()
              + " and the " + listener.name() + ": choose another with " + listener.flag());
        }
      }
      if (!isFree(listener)) {
        return Optional.of("port " + listener.port() + " (" + listener.name() + ") is in use: choose "
            + "another with " + listener.flag() + listener.hint());
      }
    }
    return Optional.empty();
  }

  private static List<Listener> listeners(PlatformConfig config) {
    List<Listener> all = new ArrayList<>();
    add(all, new Listener("ingress", config.ingressBind(), config.ingressPort(), "--ingress-port", ""));
    add(all, new Listener("admin API", config.adminBind(), config.adminPort(), "--admin-port", ""));
    add(all, new Listener("metrics", config.metricsBind(), config.metricsPort(), "--metrics-port",
        " (-1 turns metrics off)"));
    if (config.embedsKafka()) {
      String running = ", or use a running Kafka with --bootstrap-servers";
      add(all, new Listener("embedded Kafka", config.kafkaBind(), config.kafkaPort(), "--kafka-port",
          running));
      add(all, new Listener("embedded Kafka's controller", config.kafkaBind(),
          config.kafkaControllerPort(), "--kafka-controller-port", running));
    }
    return all;
  }

  private static void add(List<Listener> all, Listener listener) {
    if (listener.port() > 0) {
      all.add(listener);
    }
  }

  /** Binds as the servers do (address reuse on, so a port in TIME_WAIT counts as free). */
  private static boolean isFree(Listener listener) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(listener.bind()), listener.port()));
      return true;
    } catch (BindException e) {
      // Another failure (an address not of this host) is left to the start, which names it.
      return !String.valueOf(e.getMessage()).contains("in use");
    } catch (IOException e) {
      return true;
    }
  }
}
