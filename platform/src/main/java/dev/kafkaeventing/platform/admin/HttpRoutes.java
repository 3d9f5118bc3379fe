package dev.kafkaeventing.platform.admin;

/**
 * What a {@link ControlHttpServer} serves. Implementations may block: the server calls them on a
 * worker pool, never on a Netty event loop.
 */
@FunctionalInterface
public interface HttpRoutes {

  HttpAnswer handle(HttpCall call) throws Exception;
}
