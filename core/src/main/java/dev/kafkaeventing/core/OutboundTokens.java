package dev.kafkaeventing.core;

/**
 * Tokens the platform signs to prove who sends an event ({@code Authorization: Bearer}). Called on
 * an HTTP client event loop as each delivery's request is built, so it must not block: an
 * implementation answers from a cache and signs (CPU only, no I/O) when a token is missing or
 * close to expiry. Thread-safe.
 */
@FunctionalInterface
public interface OutboundTokens {

  /** No tokens: requests go without {@code Authorization}. */
  OutboundTokens NONE = (subject, audience) -> null;

  /** A token for {@code subject} valid for {@code audience}, or null to send none. */
  String tokenFor(String subject, String audience);
}
