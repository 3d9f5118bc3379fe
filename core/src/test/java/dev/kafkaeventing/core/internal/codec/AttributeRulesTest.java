package dev.kafkaeventing.core.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kafkaeventing.core.InvalidEventException;
import java.net.URI;
import org.junit.jupiter.api.Test;

class AttributeRulesTest {

  @Test
  void shouldParseEachSourceAsItselfWhenSourcesAlternate() throws InvalidEventException {
    String[] sources = {"/a", "https://example.com/b?x=1", "/a", "urn:c", "urn:c", "https://example.com/b?x=1"};

    for (String source : sources) {
      URI uri = AttributeRules.uriReference("source", source);

      assertThat(uri).isEqualTo(URI.create(source));
      assertThat(uri.toString()).isEqualTo(source);
    }
  }

  @Test
  void shouldRefuseAnInvalidSourceWhenTheSourceBeforeWasValid() throws InvalidEventException {
    AttributeRules.uriReference("source", "/valid");

    assertThatThrownBy(() -> AttributeRules.uriReference("source", "/in valid"))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("attribute source is not a valid URI-reference");
    assertThatThrownBy(() -> AttributeRules.uriReference("dataschema", ""))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("dataschema");
    assertThat(AttributeRules.uriReference("source", "/valid")).isEqualTo(URI.create("/valid"));
  }
}
