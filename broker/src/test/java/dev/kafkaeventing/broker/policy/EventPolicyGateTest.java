package dev.kafkaeventing.broker.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.kafkaeventing.core.auth.TokenVerifier;
import dev.kafkaeventing.core.control.ControlPorts;
import dev.kafkaeventing.core.control.InMemoryResourceRepository;
import dev.kafkaeventing.crds.Resource;
import dev.kafkaeventing.crds.ResourceKey;
import dev.kafkaeventing.crds.ResourceKind;
import dev.kafkaeventing.crds.ResourceParser;
import dev.kafkaeventing.ingress.PublisherGate.Admission;
import dev.kafkaeventing.ingress.PublisherGate.Outcome;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gate over real tokens (a test issuer's JWKS file) and policies compiled by the reconciler. */
class EventPolicyGateTest {

  private static final String ISSUER = "https://issuer.test";
  private static final String BROKER_PATH = "/ns/b";
  private static final String BROKER_AUDIENCE = "eventing.knative.dev/broker/ns/b";

  @TempDir
  Path dir;

  private final InMemoryResourceRepository repository = new InMemoryResourceRepository();
  private final ControlPorts ports = new ControlPorts(Clock.systemUTC(), repository,
      (r, s) -> repository.putStatus(r.key(), s).join(), key -> { });
  private RSAKey key;
  private TokenVerifier verifier;
  private EventPolicyGate gate;
  private EventPolicyReconciler reconciler;

  @BeforeEach
  void setUp() throws Exception {
    key = new RSAKeyGenerator(2048).keyID("test").generate();
    Path jwks = dir.resolve("jwks.json");
    Files.writeString(jwks, new JWKSet(key.toPublicJWK()).toString(true));
    verifier = TokenVerifier.builder().trust(ISSUER, jwks.toString()).build();
    gate = new EventPolicyGate(verifier, AuthFeatures.read(null, true));
    reconciler = new EventPolicyReconciler(ports, gate, true);
    store("""
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata: {name: b, namespace: ns, labels: {team: a}}
        """);
    ObjectNode status = new ObjectMapper().createObjectNode();
    status.putObject("address").put("url", "http://127.0.0.1/ns/b").put("audience", BROKER_AUDIENCE);
    repository.putStatus(new ResourceKey(ResourceKind.BROKER, "ns", "b"), status).join();
  }

  @AfterEach
  void tearDown() {
    verifier.close();
  }

  @Test
  void shouldAnswer401WhenTokenIsMissingOrForAnotherAudience() throws Exception {
    Admission missing = admit(null, event("order.created"));
    Admission otherAudience = admit(token("system:serviceaccount:ns:app", "eventing.knative.dev/broker/ns/other"),
        event("order.created"));
    Admission garbage = admit("Bearer nonsense", event("order.created"));

    assertThat(missing.outcome()).isEqualTo(Outcome.UNAUTHENTICATED);
    assertThat(otherAudience.outcome()).isEqualTo(Outcome.UNAUTHENTICATED);
    assertThat(otherAudience.reason()).contains(BROKER_AUDIENCE);
    assertThat(garbage.outcome()).isEqualTo(Outcome.UNAUTHENTICATED);
  }

  @Test
  void shouldApplyDefaultModeWhenNoPolicyNamesTheTarget() throws Exception {
    reconciler.refresh();

    Admission sameNamespace = admit(token("system:serviceaccount:ns:app", BROKER_AUDIENCE), event("x"));
    Admission otherNamespace = admit(token("system:serviceaccount:elsewhere:app", BROKER_AUDIENCE), event("x"));

    assertThat(sameNamespace.outcome()).isEqualTo(Outcome.ALLOWED);
    assertThat(otherNamespace.outcome()).isEqualTo(Outcome.FORBIDDEN);
    assertThat(repository.get(new ResourceKey(ResourceKind.BROKER, "ns", "b")).orElseThrow().status()
        .path("conditions").toString()).contains("EventPoliciesReady").contains("allow-same-namespace");
  }

  @Test
  void shouldAllowOnlyPolicySubjectsAndMatchingEventsWhenPolicySelectsTheTarget() throws Exception {
    store("""
        apiVersion: eventing.knative.dev/v1alpha1
        kind: EventPolicy
        metadata: {name: orders, namespace: ns}
        spec:
          to:
            - selector: {apiVersion: eventing.knative.dev/v1, kind: Broker, matchLabels: {team: a}}
          from:
            - sub: "system:serviceaccount:partners:shop-*"
          filters:
            - cesql: "type LIKE 'order.%'"
        """);
    reconciler.refresh();
    String partner = token("system:serviceaccount:partners:shop-1", BROKER_AUDIENCE);

    Admission allowed = admit(partner, event("order.created"));
    Admission filtered = admit(partner, event("user.deleted"));
    Admission sameNamespaceNotListed = admit(token("system:serviceaccount:ns:app", BROKER_AUDIENCE), event("order.x"));

    assertThat(allowed.outcome()).isEqualTo(Outcome.ALLOWED);
    assertThat(filtered.outcome()).isEqualTo(Outcome.FORBIDDEN);
    assertThat(filtered.reason()).contains("filters");
    assertThat(sameNamespaceNotListed.outcome()).isEqualTo(Outcome.FORBIDDEN);
    Resource broker = repository.get(new ResourceKey(ResourceKind.BROKER, "ns", "b")).orElseThrow();
    assertThat(broker.status().path("policies").toString())
        .isEqualTo("[{\"apiVersion\":\"eventing.knative.dev/v1alpha1\",\"name\":\"orders\"}]");
    Resource policy = repository.get(new ResourceKey(ResourceKind.EVENT_POLICY, "ns", "orders")).orElseThrow();
    assertThat(policy.status().path("conditions").toString()).contains("\"type\":\"Ready\",\"status\":\"True\"");
  }

  @Test
  void shouldResolveSourceRefToItsIdentityAndReportMissingOnes() throws Exception {
    store("""
        apiVersion: sources.knative.dev/v1
        kind: PingSource
        metadata: {name: ping, namespace: other}
        spec: {schedule: "* * * * *", sink: {uri: "http://example.com/"}}
        """);
    store("""
        apiVersion: eventing.knative.dev/v1alpha1
        kind: EventPolicy
        metadata: {name: pings, namespace: ns}
        spec:
          from:
            - ref: {apiVersion: sources.knative.dev/v1, kind: PingSource, name: ping, namespace: other}
            - ref: {apiVersion: sources.knative.dev/v1, kind: PingSource, name: gone, namespace: other}
        """);
    reconciler.refresh();

    Admission source = admit(token("system:serviceaccount:other:oidc-sources-knative-dev-pingsource-ping",
        BROKER_AUDIENCE), event("x"));

    assertThat(source.outcome()).isEqualTo(Outcome.ALLOWED);
    Resource policy = repository.get(new ResourceKey(ResourceKind.EVENT_POLICY, "ns", "pings")).orElseThrow();
    assertThat(policy.status().path("conditions").toString())
        .contains("SubjectsNotResolved").contains("PingSource other/gone");
  }

  @Test
  void shouldAllowEverythingWhenAuthenticationIsOff() throws Exception {
    EventPolicyGate off = new EventPolicyGate(verifier, AuthFeatures.read(null, false));

    Admission admission = off.admit(BROKER_PATH, null, List.of(event("x"))).get(5, TimeUnit.SECONDS);

    assertThat(admission.outcome()).isEqualTo(Outcome.ALLOWED);
  }

  @Test
  void shouldFollowConfigFeaturesWhenAuthenticationIsNotForced() throws Exception {
    EventPolicyGate byFlag = new EventPolicyGate(verifier, AuthFeatures.read(null, false));
    EventPolicyReconciler flags = new EventPolicyReconciler(ports, byFlag, false);
    flags.refresh();
    Admission beforeFlag = byFlag.admit(BROKER_PATH, null, List.of(event("x"))).get(5, TimeUnit.SECONDS);
    store("""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: config-features, namespace: knative-eventing}
        data: {authentication-oidc: enabled, default-authorization-mode: deny-all}
        """);

    flags.refresh();
    Admission missing = byFlag.admit(BROKER_PATH, null, List.of(event("x"))).get(5, TimeUnit.SECONDS);
    Admission denied = byFlag.admit(BROKER_PATH, token("system:serviceaccount:ns:app", BROKER_AUDIENCE),
        List.of(event("x"))).get(5, TimeUnit.SECONDS);

    assertThat(beforeFlag.outcome()).isEqualTo(Outcome.ALLOWED);
    assertThat(missing.outcome()).isEqualTo(Outcome.UNAUTHENTICATED);
    assertThat(denied.outcome()).isEqualTo(Outcome.FORBIDDEN);
    assertThat(denied.reason()).contains("deny-all");
  }

  private Admission admit(String authorization, CloudEvent event) throws Exception {
    return gate.admit(BROKER_PATH, authorization, List.of(event)).get(5, TimeUnit.SECONDS);
  }

  private String token(String subject, String audience) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
        new JWTClaimsSet.Builder().issuer(ISSUER).subject(subject).audience(audience)
            .expirationTime(new Date(System.currentTimeMillis() + 60_000)).build());
    jwt.sign(new RSASSASigner(key));
    return "Bearer " + jwt.serialize();
  }

  private static CloudEvent event(String type) {
    return CloudEventBuilder.v1().withId("1").withSource(URI.create("/test")).withType(type).build();
  }

  private void store(String yaml) {
    Resource parsed = ResourceParser.parse("t.yaml", yaml).get(0);
    repository.putSpec(parsed.withMetadata(parsed.metadata().withGeneration(1))).join();
  }
}
