package dev.kafkaeventing.platform.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Picks ports nobody listens on. The ports are released before Kafka binds them, so another
 * process could take one in between; tests accept that small window.
 */
final class FreePorts {

  private FreePorts() {}

  /** One free port on {@code host} other than {@code excluded}. */
  static int pick(String host, int excluded) {
    try (ServerSocket first = open(host); ServerSocket second = open(host)) {
      // Holding two sockets at once guarantees two distinct candidates.
      return first.getLocalPort() != excluded ? first.getLocalPort() : second.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot find a free port on " + host, e);
    }
  }

  private static ServerSocket open(String host) throws IOException {
    ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host));
    socket.setReuseAddress(true);
    return socket;
  }
}
