package dev.kafkaeventing.sources.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.kafkaeventing.crds.SecretData;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class KafkaNetSettingsTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String CA = "-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----";
  private static final KafkaNetSettings.Secrets SECRETS = name -> Optional.ofNullable(Map.of(
      "creds", secret(Map.of("user", "alice", "password", "p\"w\\d", "type", "SCRAM-SHA-512", "ca.crt", CA,
          "user.crt", "CERT", "user.key", "KEY")),
      "sasl-ssl", secret(Map.of("protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-256", "user", "bob",
          "password", "pw", "ca.crt", CA)),
      "plain-sasl", secret(Map.of("protocol", "SASL_PLAINTEXT", "user", "carol", "password", "pw")),
      "no-password", secret(Map.of("protocol", "SASL_PLAINTEXT", "user", "dave"))).get(name));

  private static SecretData secret(Map<String, String> values) {
    Map<String, byte[]> data = new java.util.HashMap<>();
    values.forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
    return new SecretData(data, null);
  }

  private static JsonNode yaml(String text) throws Exception {
    return YAML.readTree(text);
  }

  static Stream<Arguments> nets() {
    return Stream.of(
        Arguments.of("sasl: {enable: false}", Map.of()),
        Arguments.of("""
            sasl:
              enable: true
              user: {secretKeyRef: {name: creds, key: user}}
              password: {secretKeyRef: {name: creds, key: password}}
            """, Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN",
            "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
                + "username=\"alice\" password=\"p\\\"w\\\\d\";")),
        Arguments.of("""
            sasl:
              enable: true
              user: {secretKeyRef: {name: creds, key: user}}
              password: {secretKeyRef: {name: creds, key: password}}
              type: {secretKeyRef: {name: creds, key: type}}
            tls:
              enable: true
              caCert: {secretKeyRef: {name: creds, key: ca.crt}}
            """, Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"alice\" password=\"p\\\"w\\\\d\";",
            "ssl.truststore.type", "PEM", "ssl.truststore.certificates", CA)),
        Arguments.of("""
            tls:
              enable: true
              cert: {secretKeyRef: {name: creds, key: user.crt}}
              key: {secretKeyRef: {name: creds, key: user.key}}
            """, Map.of("security.protocol", "SSL", "ssl.keystore.type", "PEM",
            "ssl.keystore.certificate.chain", "CERT", "ssl.keystore.key", "KEY")));
  }

  @ParameterizedTest
  @MethodSource("nets")
  void shouldMapNetToClientPropertiesWhenSecretsExist(String net, Map<String, String> expected) throws Exception {
    JsonNode node = yaml(net);

    Map<String, String> props = KafkaNetSettings.fromNet(node, SECRETS);

    assertThat(props).containsExactlyInAnyOrderEntriesOf(expected);
  }

  @Test
  void shouldNameTheSecretWhenItIsMissing() throws Exception {
    JsonNode net = yaml("""
        sasl:
          enable: true
          user: {secretKeyRef: {name: gone, key: user}}
          password: {secretKeyRef: {name: gone, key: password}}
        """);

    KafkaNetSettings.NetException e = catchThrowableOfType(KafkaNetSettings.NetException.class,
        () -> KafkaNetSettings.fromNet(net, SECRETS));

    assertThat(e.reason()).isEqualTo("SecretNotFound");
    assertThat(e).hasMessage("spec.net.sasl.user.secretKeyRef: Secret 'gone' not found");
  }

  @Test
  void shouldNameTheKeyWhenTheSecretLacksIt() throws Exception {
    JsonNode net = yaml("""
        tls:
          enable: true
          caCert: {secretKeyRef: {name: creds, key: ca.pem}}
        """);

    KafkaNetSettings.NetException e = catchThrowableOfType(KafkaNetSettings.NetException.class,
        () -> KafkaNetSettings.fromNet(net, SECRETS));

    assertThat(e.reason()).isEqualTo("SecretKeyNotFound");
    assertThat(e).hasMessage("spec.net.tls.caCert.secretKeyRef: Secret 'creds' has no key 'ca.pem'");
  }

  @Test
  void shouldRefuseWhenSaslTypeIsUnknown() throws Exception {
    JsonNode net = yaml("""
        sasl:
          enable: true
          user: {secretKeyRef: {name: creds, key: user}}
          password: {secretKeyRef: {name: creds, key: password}}
          type: {secretKeyRef: {name: creds, key: user}}
        """);

    KafkaNetSettings.NetException e = catchThrowableOfType(KafkaNetSettings.NetException.class,
        () -> KafkaNetSettings.fromNet(net, SECRETS));

    assertThat(e.reason()).isEqualTo("InvalidNet");
    assertThat(e).hasMessageContaining("spec.net.sasl.type").hasMessageContaining("'alice'");
  }

  @Test
  void shouldMapKafkaSinkAuthSecretWhenProtocolIsSaslSsl() throws Exception {
    JsonNode auth = yaml("secret: {ref: {name: sasl-ssl}}");

    Map<String, String> props = KafkaNetSettings.fromAuth(auth, SECRETS);

    assertThat(props).containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-256")
        .containsEntry("ssl.truststore.type", "PEM")
        .containsEntry("ssl.truststore.certificates", CA)
        .hasEntrySatisfying("sasl.jaas.config", jaas -> assertThat(jaas).contains("username=\"bob\""));
  }

  @Test
  void shouldMapPlainSaslWithoutTlsWhenProtocolIsSaslPlaintext() throws Exception {
    JsonNode auth = yaml("secret: {ref: {name: plain-sasl}}");

    Map<String, String> props = KafkaNetSettings.fromAuth(auth, SECRETS);

    assertThat(props).containsEntry("security.protocol", "SASL_PLAINTEXT").containsEntry("sasl.mechanism", "PLAIN")
        .doesNotContainKey("ssl.truststore.type");
  }

  @Test
  void shouldNameTheMissingKeyWhenAuthSecretHasNoPassword() throws Exception {
    JsonNode auth = yaml("secret: {ref: {name: no-password}}");

    KafkaNetSettings.NetException e = catchThrowableOfType(KafkaNetSettings.NetException.class,
        () -> KafkaNetSettings.fromAuth(auth, SECRETS));

    assertThat(e.reason()).isEqualTo("SecretKeyNotFound");
    assertThat(e).hasMessage("spec.auth.secret.ref.name: Secret 'no-password' has no key 'password'");
  }
}
