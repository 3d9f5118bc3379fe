package dev.kafkaeventing.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.it.harness.RecordingSubscriber;
import dev.kafkaeventing.platform.AuthOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Publishers authenticated with OIDC tokens and authorized by EventPolicies, end to end: tokens of
 * a test issuer (its JWKS in a file), a Broker with a Trigger, and the subscriber checking the
 * platform's own token against {@code /.well-known/jwks.json}.
 */
class PublisherAuthTest {

  private static final String ISSUER = "https://issuer.it.test";
  private static final ObjectMapper JSON = new ObjectMapper();

  static RSAKey key;
  static PlatformHarness platform;

  @BeforeAll
  static void start() throws Exception {
    key = new RSAKeyGenerator(2048).keyID("it").generate();
    Path jwks = Files.createTempFile("issuer", ".jwks.json");
    Files.writeString(jwks, new JWKSet(key.toPublicJWK()).toString(true));
    platform = PlatformHarness.start(PlatformHarness.config(),
        new AuthOptions(true, List.of(new AuthOptions.Issuer(ISSUER, jwks.toString()))));
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void shouldRefuseUnauthenticatedAndUnauthorizedPublishersAndDeliverAllowedEventsWithPlatformToken()
      throws Exception {
    String ns = PlatformHarness.uniqueNamespace();
    try (RecordingSubscriber subscriber = RecordingSubscriber.start()) {
      platform.apply("""
          apiVersion: eventing.knative.dev/v1
          kind: Broker
          metadata: {name: default, namespace: %1$s}
          ---
          apiVersion: eventing.knative.dev/v1
          kind: Trigger
          metadata: {name: orders, namespace: %1$s}
          spec:
            broker: default
            subscriber: {uri: "%2$s"}
          ---
          apiVersion: eventing.knative.dev/v1alpha1
          kind: EventPolicy
          metadata: {name: partners, namespace: %1$s}
          spec:
            to:
              - ref: {apiVersion: eventing.knative.dev/v1, kind: Broker, name: default}
            from:
              - sub: "system:serviceaccount:partners:shop-*"
            filters:
              - cesql: "type LIKE 'order.%%'"
          """.formatted(ns, subscriber.url()));
      platform.awaitReady("trigger", ns, "orders");
      platform.awaitReady("eventpolicy", ns, "partners");
      String audience = "eventing.knative.dev/broker/" + ns + "/default";
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        JsonNode broker = JSON.readTree(platform.cli("get", "broker", "default", "-n", ns, "-o", "json").out());
        return broker.path("status").path("address").path("audience").asText().equals(audience)
            && broker.path("status").path("policies").toString().contains("partners");
      });
      String url = platform.brokerUrl(ns, "default");
      String partner = token("system:serviceaccount:partners:shop-1", audience);

      HttpResponse<String> noToken = publish(url, null, "no-token", "order.created");
      HttpResponse<String> wrongAudience =
          publish(url, token("system:serviceaccount:partners:shop-1", "eventing.knative.dev/broker/x/y"), "aud", "order.created");
      HttpResponse<String> notAllowed = publish(url, token("system:serviceaccount:" + ns + ":app", audience), "sub",
          "order.created");
      HttpResponse<String> filtered = publish(url, partner, "filtered", "user.deleted");
      HttpResponse<String> allowed = publish(url, partner, "allowed", "order.created");

      assertThat(noToken.statusCode()).isEqualTo(401);
      assertThat(noToken.headers().firstValue("www-authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
      assertThat(wrongAudience.statusCode()).isEqualTo(401);
      assertThat(notAllowed.statusCode()).isEqualTo(403);
      assertThat(filtered.statusCode()).isEqualTo(403);
      assertThat(allowed.statusCode()).isEqualTo(202);
      await().atMost(Duration.ofSeconds(30)).until(() -> subscriber.count() >= 1);
      assertThat(TopicReader.readAll(KafkaFixture.bootstrapServers(), "knative-broker-" + ns + "-default", 1,
          Duration.ofSeconds(10), new ByteArrayDeserializer(), new ByteArrayDeserializer()))
          .extracting(r -> new String(r.headers().lastHeader("ce_id").value(), UTF_8))
          .containsExactly("allowed");
      RecordingSubscriber.Received delivery = subscriber.received().get(0);
      assertThat(delivery.id()).isEqualTo("allowed");
      JWTClaimsSet claims = verifyWithPlatformKeys(delivery.header("authorization"));
      assertThat(claims.getSubject()).isEqualTo("system:serviceaccount:" + ns + ":oidc-eventing-knative-dev-trigger-orders");
      assertThat(claims.getAudience()).containsExactly(subscriber.url());
    }
  }

  @Test
  void shouldRefuseActivatorCallersWithoutATokenOfTheRouteAndAdmitThePlatformsDeliveriesWhenAuthenticationIsOn()
      throws Exception {
    String ns = PlatformHarness.uniqueNamespace();
    platform.apply("""
        apiVersion: serving.knative.dev/v1
        kind: Service
        metadata: {name: sink, namespace: %1$s}
        spec:
          template:
            metadata:
              annotations: {autoscaling.knative.dev/max-scale: "1"}
            spec:
              containers:
                - image: example.com/app
                  command: %2$s
        ---
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata: {name: default, namespace: %1$s}
        ---
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata: {name: by-ref, namespace: %1$s}
        spec:
          broker: default
          filter: {attributes: {type: by.ref}}
          subscriber:
            ref: {apiVersion: serving.knative.dev/v1, kind: Service, name: sink}
        ---
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata: {name: by-url, namespace: %1$s}
        spec:
          broker: default
          filter: {attributes: {type: by.url}}
          subscriber: {uri: "%3$s/%1$s/sink"}
        """.formatted(ns, ServingSupport.appCommand(), platform.activatorUrl()));
    platform.awaitReady("ksvc", ns, "sink");
    platform.awaitReady("trigger", ns, "by-ref");
    platform.awaitReady("trigger", ns, "by-url");
    String audience = "serving.knative.dev/route/" + ns + "/sink";
    String events = platform.activatorUrl() + "/" + ns + "/sink/events";
    String publisher = token("system:serviceaccount:" + ns + ":app", "eventing.knative.dev/broker/" + ns + "/default");

    HttpResponse<String> noToken = call(events, null);
    HttpResponse<String> wrongAudience = call(events, token("system:serviceaccount:" + ns + ":app",
        "serving.knative.dev/route/" + ns + "/other"));
    HttpResponse<String> notSigned = call(events, "e30.e30.");
    HttpResponse<String> allowed = call(events, token("system:serviceaccount:" + ns + ":app", audience));
    HttpResponse<String> byRef = publish(platform.brokerUrl(ns, "default"), publisher, "via-ref", "by.ref");
    HttpResponse<String> byUrl = publish(platform.brokerUrl(ns, "default"), publisher, "via-url", "by.url");

    assertThat(ServingSupport.resource(platform, "ksvc", ns, "sink").path("status").path("address").path("audience")
        .asText()).isEqualTo(audience);
    assertThat(noToken.statusCode()).isEqualTo(401);
    assertThat(noToken.headers().firstValue("www-authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    assertThat(wrongAudience.statusCode()).isEqualTo(401);
    assertThat(wrongAudience.body()).contains("audience");
    assertThat(notSigned.statusCode()).isEqualTo(401);
    assertThat(allowed.statusCode()).isEqualTo(200);
    assertThat(byRef.statusCode()).isEqualTo(202);
    assertThat(byUrl.statusCode()).isEqualTo(202);
    String reader = token("system:serviceaccount:" + ns + ":app", audience);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(call(events, reader).body().lines()).contains("via-ref", "via-url"));
  }

  private static HttpResponse<String> call(String url, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      request.header("authorization", "Bearer " + token);
    }
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
        .send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** What a subscriber does: fetch the discovery document and the JWKS, verify the bearer token. */
  private static JWTClaimsSet verifyWithPlatformKeys(String authorization) throws Exception {
    assertThat(authorization).startsWith("Bearer ");
    JsonNode discovery = JSON.readTree(get(platform.adminUrl() + "/.well-known/openid-configuration"));
    JWKSet keys = JWKSet.parse(get(discovery.path("jwks_uri").asText()));
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(keys)));
    JWTClaimsSet claims = processor.process(authorization.substring(7), null);
    assertThat(claims.getIssuer()).isEqualTo(discovery.path("issuer").asText());
    return claims;
  }

  private static String get(String url) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(url).isEqualTo(200);
    return response.body();
  }

  private static HttpResponse<String> publish(String url, String token, String id, String type) {
    Map<String, String> headers = new HashMap<>(Map.of("ce-specversion", "1.0", "ce-id", id, "ce-source", "/it",
        "ce-type", type, "content-type", "application/json"));
    if (token != null) {
      headers.put("authorization", "Bearer " + token);
    }
    return PlatformHarness.post(url, headers, "{}".getBytes(UTF_8));
  }

  private static String token(String subject, String audience) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
        new JWTClaimsSet.Builder().issuer(ISSUER).subject(subject).audience(audience)
            .expirationTime(new Date(System.currentTimeMillis() + 300_000)).build());
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }
}
