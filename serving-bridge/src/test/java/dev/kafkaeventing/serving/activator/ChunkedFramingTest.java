package dev.kafkaeventing.serving.activator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChunkedFramingTest {

  private static final String BODY = "5\r\nhello\r\n1a;ext=1\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nX-Trailer: 1\r\n\r\n";

  private static ByteBuf bytes(String text) {
    return Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
  }

  @Test
  void shouldStopAtTheEndOfTheBodyWhenTheNextMessageFollowsInTheSameBytes() {
    ByteBuf buf = bytes(BODY + "HTTP/1.1 200 OK\r\n");
    ChunkedFraming framing = new ChunkedFraming();

    int n = framing.scan(buf, 0);

    assertThat(framing.done()).isTrue();
    assertThat(n).isEqualTo(BODY.length());
    buf.release();
  }

  @Test
  void shouldFindTheSameEndWhenTheBodyArrivesSplitAtEveryByte() {
    for (int cut = 0; cut <= BODY.length(); cut++) {
      ChunkedFraming framing = new ChunkedFraming();
      ByteBuf first = bytes(BODY.substring(0, cut));
      ByteBuf second = bytes(BODY.substring(cut));

      int n = framing.scan(first, 0);
      boolean doneEarly = framing.done();
      int m = framing.scan(second, 0);

      assertThat(n).as("cut at %d", cut).isEqualTo(cut);
      assertThat(doneEarly).as("cut at %d", cut).isEqualTo(cut == BODY.length());
      assertThat(n + m).isEqualTo(BODY.length());
      assertThat(framing.done()).isTrue();
      first.release();
      second.release();
    }
  }

  @Test
  void shouldEndAtTheLastChunkWhenThereIsNoTrailer() {
    ByteBuf buf = bytes("0\r\n\r\nGET");
    ChunkedFraming framing = new ChunkedFraming();

    assertThat(framing.scan(buf, 0)).isEqualTo(5);
    assertThat(framing.done()).isTrue();
    buf.release();
  }

  @ParameterizedTest
  @ValueSource(strings = {"x\r\n", "5\r\nhelloX", "\r\n", "fffffffffffffffff\r\n"})
  void shouldRefuseTheFramingWhenItIsInvalid(String text) {
    ByteBuf buf = bytes(text);

    assertThatThrownBy(() -> new ChunkedFraming().scan(buf, 0)).isInstanceOf(IllegalArgumentException.class);

    buf.release();
  }
}
