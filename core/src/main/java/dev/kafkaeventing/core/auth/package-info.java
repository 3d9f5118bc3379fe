/**
 * OIDC for events: {@link dev.kafkaeventing.core.auth.TokenVerifier} checks publishers' bearer
 * tokens against trusted issuers (the ingress), {@link dev.kafkaeventing.core.auth.PlatformIdentity}
 * signs the tokens deliveries carry and publishes its keys (JWKS) and discovery document. Both are
 * used only when authentication is on.
 */
package dev.kafkaeventing.core.auth;
