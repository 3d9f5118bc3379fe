package dev.kafkaeventing.platform.admin;

import io.netty.handler.codec.http.HttpRequest;
import java.net.InetSocketAddress;

/** Decides, from its head alone, whether a control server serves a request. Thread-safe. */
@FunctionalInterface
public interface RequestPolicy {

  /** Serves every request. */
  RequestPolicy ANY = (request, local) -> null;

  /**
   * The answer refusing {@code request}, or null to serve it.
   *
   * @param local the listener address the request's connection came in on
   */
  HttpAnswer refusal(HttpRequest request, InetSocketAddress local);

  /** This policy, then {@code next} for what this one lets through. */
  default RequestPolicy andThen(RequestPolicy next) {
    return (request, local) -> {
      HttpAnswer refusal = refusal(request, local);
      return refusal != null ? refusal : next.refusal(request, local);
    };
  }
}
