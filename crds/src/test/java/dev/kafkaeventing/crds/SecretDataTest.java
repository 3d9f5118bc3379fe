package dev.kafkaeventing.crds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

class SecretDataTest {

  @Test
  void shouldDecodeDataAndPreferStringDataWhenBothGiveAKey() {
    String yaml = """
        apiVersion: v1
        kind: Secret
        metadata: {name: kafka-creds}
        type: Opaque
        data:
          user: YWxpY2U=
          password: b2xk
        stringData:
          password: new
        """;

    List<Resource> resources = ResourceParser.parse("secret.yaml", yaml);
    SecretData secret = SecretData.from(resources.get(0));

    assertThat(resources.get(0).key().toString()).isEqualTo("Secret/default/kafka-creds");
    assertThat(secret.get("user")).contains("alice");
    assertThat(secret.get("password")).contains("new");
    assertThat(secret.type()).isEqualTo("Opaque");
    assertThat(secret.toString()).doesNotContain("alice", "new");
  }

  @Test
  void shouldRefuseNamingTheKeyWhenDataIsNotBase64() {
    String yaml = """
        apiVersion: v1
        kind: Secret
        metadata: {name: bad}
        data:
          user: "not base64!"
        """;

    ResourceValidationException e = catchThrowableOfType(ResourceValidationException.class,
        () -> ResourceParser.parse("secret.yaml", yaml));

    assertThat(e).hasMessageContaining("data[user]").hasMessageContaining("base64");
  }
}
