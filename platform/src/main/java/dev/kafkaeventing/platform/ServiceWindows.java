package dev.kafkaeventing.platform;

import dev.kafkaeventing.dispatcher.Dispatcher;
import dev.kafkaeventing.dispatcher.Route;
import dev.kafkaeventing.serving.ServingBridge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Grows and shrinks the in-flight window of every route whose subscriber is a Knative Service with
 * the Service's ready replicas ({@link ServingBridge#subscriberWindow}); other routes keep the
 * instance default. Run periodically on a thread of the platform's own (not an event loop).
 */
final class ServiceWindows implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceWindows.class);

  private final Dispatcher dispatcher;
  private final ServingBridge serving;
  private final int defaultWindow;

  ServiceWindows(Dispatcher dispatcher, ServingBridge serving, int defaultWindow) {
    this.dispatcher = dispatcher;
    this.serving = serving;
    this.defaultWindow = defaultWindow;
  }

  @Override
  public void run() {
    try {
      for (Route route : dispatcher.routes()) {
        int window = serving.subscriberWindow(route.target().subscriber(), defaultWindow).orElse(0);
        dispatcher.adaptWindow(route.stream(), route.uid(), window);
      }
    } catch (RuntimeException e) {
      LOG.warn("Windows of routes to Knative Services not updated", e);
    }
  }
}
