package dev.kafkaeventing.platform.admin;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Warns at start when the admin API is reachable from other machines without TLS or a token. */
public final class ListenerWarnings {

  private static final Logger LOG = LoggerFactory.getLogger(ListenerWarnings.class);

  private ListenerWarnings() {}

  /** Logs a warning when {@code bind} is not a loopback address and TLS or the token is off. */
  public static void warnIfExposed(String bind, boolean tls, boolean tokens) {
    if (isLoopback(bind) || (tls && tokens)) {
      return;
    }
    LOG.warn("The admin API listens on {} without {}: anyone who can reach it {}. Use --tls-cert/--tls-key,"
        + " keep the admin tokens on, or bind it to 127.0.0.1 (--admin-bind).", bind,
        !tls && !tokens ? "TLS or a token" : !tls ? "TLS" : "a token",
        tokens ? "can read the token off the wire" : "can change every resource");
  }

  static boolean isLoopback(String bind) {
    try {
      return InetAddress.getByName(bind.replace("[", "").replace("]", "")).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
