package dev.kafkaeventing.core.internal.http;

import java.net.URI;
import java.util.Locale;

/**
 * Identifies one connection pool: requests to the same scheme, host and port share connections.
 *
 * @param secure whether connections use TLS
 * @param host   host name or address as written in the URI
 * @param port   TCP port, defaulted from the scheme when the URI has none
 * @param caCerts PEM certificates trusted for this destination besides the client's (null: none);
 *               connections trusting other certificates are never shared
 */
record PoolKey(boolean secure, String host, int port, String caCerts) {

  PoolKey {
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("host must not be empty");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }

  static PoolKey of(URI uri) {
    return of(uri, null);
  }

  static PoolKey of(URI uri, String caCerts) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      throw new IllegalArgumentException("not an absolute http or https URI: " + uri);
    }
    boolean secure = scheme.equals("https");
    int port = uri.getPort() != -1 ? uri.getPort() : secure ? 443 : 80;
    String host = uri.getHost();
    // URI keeps the brackets of an IPv6 literal; socket addresses want the bare address.
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return new PoolKey(secure, host, port, secure ? caCerts : null);
  }

  /** The value of the Host header: the port is left out when it is the scheme's default. */
  String hostHeader() {
    String name = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    boolean defaultPort = secure ? port == 443 : port == 80;
    return defaultPort ? name : name + ":" + port;
  }
}
