package dev.kafkaeventing.platform;

import dev.kafkaeventing.core.ListenerLimits;
import java.util.Objects;

/**
 * Per-listener settings of a platform: the address each listener binds to (null: the platform's
 * {@code bindHost}) and the connection limits of its HTTP listeners. Immutable.
 *
 * @param ingressBind broker and channel ingress, or null
 * @param adminBind admin API, or null
 * @param metricsBind Prometheus metrics, or null
 * @param kafkaBind embedded Kafka's listeners, or null
 * @param activatorBind the serving activator, or null
 * @param ingress idle timeout and connection cap of the ingress
 * @param admin idle timeout and connection cap of the admin API
 * @param metrics idle timeout and connection cap of the metrics listener
 */
public record Listeners(String ingressBind, String adminBind, String metricsBind, String kafkaBind,
    String activatorBind, ListenerLimits ingress, ListenerLimits admin, ListenerLimits metrics) {

  public Listeners {
    requireNotBlank("ingressBind", ingressBind);
    requireNotBlank("adminBind", adminBind);
    requireNotBlank("metricsBind", metricsBind);
    requireNotBlank("kafkaBind", kafkaBind);
    requireNotBlank("activatorBind", activatorBind);
    Objects.requireNonNull(ingress, "ingress");
    Objects.requireNonNull(admin, "admin");
    Objects.requireNonNull(metrics, "metrics");
  }

  /** Every listener on the platform's bind address, with the default limits. */
  public static Listeners defaults() {
    return new Listeners(null, null, null, null, null, ListenerLimits.ingressDefaults(),
        ListenerLimits.controlDefaults(), ListenerLimits.controlDefaults());
  }

  public Listeners withBinds(String ingress, String admin, String metrics, String kafka) {
    return new Listeners(ingress, admin, metrics, kafka, activatorBind, this.ingress, this.admin, this.metrics);
  }

  public Listeners withLimits(ListenerLimits ingress, ListenerLimits admin, ListenerLimits metrics) {
    return new Listeners(ingressBind, adminBind, metricsBind, kafkaBind, activatorBind, ingress, admin, metrics);
  }

  public Listeners withActivatorBind(String activator) {
    return new Listeners(ingressBind, adminBind, metricsBind, kafkaBind, activator, ingress, admin, metrics);
  }

  private static void requireNotBlank(String name, String value) {
    if (value != null && value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }
}
