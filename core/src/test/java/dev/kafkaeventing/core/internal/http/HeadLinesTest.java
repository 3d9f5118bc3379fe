package dev.kafkaeventing.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeadLinesTest {

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void shouldFindTheLineEndWhenTheValueHasAnyLengthAroundTheEightByteSteps() {
    for (int length = 0; length <= 40; length++) {
      byte[] line = bytes("v".repeat(length) + "\r\nnext");

      int cr = HeadLines.lineEnd(line, 0, line.length);

      assertThat(cr).as("value of %d bytes", length).isEqualTo(length);
    }
  }

  @Test
  void shouldAcceptHtabAndObsTextWhereverTheyAreInTheValue() {
    for (char allowed : new char[] {'\t', 0x80, 0xFF, ' ', '~'}) {
      for (int at = 0; at < 24; at++) {
        StringBuilder value = new StringBuilder("abcdefghijklmnopqrstuvwx");
        value.setCharAt(at, allowed);
        byte[] line = bytes(value + "\r\n");

        assertThat(HeadLines.lineEnd(line, 0, line.length)).as("0x%02x at %d", (int) allowed, at).isEqualTo(24);
      }
    }
  }

  @Test
  void shouldRejectAControlCharacterWhereverItIsInTheValue() {
    for (char control : new char[] {0x00, 0x01, 0x0B, '\n', 0x1F, 0x7F}) {
      for (int at = 0; at < 24; at++) {
        StringBuilder value = new StringBuilder("abcdefghijklmnopqrstuvwx");
        value.setCharAt(at, control);
        byte[] line = bytes(value + "\r\n");

        assertThat(HeadLines.lineEnd(line, 0, line.length)).as("0x%02x at %d", (int) control, at)
            .isEqualTo(HeadLines.INVALID);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc\rdefghijklmnop\r\n", "abcdefghijklmnop\rq\r\n", "abcdefghijklmnop\r\r\n"})
  void shouldRejectACarriageReturnWhenNoLineFeedFollowsIt(String text) {
    byte[] line = bytes(text);

    assertThat(HeadLines.lineEnd(line, 0, line.length)).isEqualTo(HeadLines.INVALID);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "abc", "abcdefghijklmnopqrstuvwxyz", "abc\r", "abcdefghijklmnop\r"})
  void shouldAskForMoreWhenTheLineHasNotEndedYet(String text) {
    byte[] line = bytes(text);

    assertThat(HeadLines.lineEnd(line, 0, line.length)).isEqualTo(HeadLines.NEED_MORE);
  }

  @Test
  void shouldStopAtTheEndGivenEvenWhenTheArrayGoesOn() {
    byte[] line = bytes("abcdefghijklmnop\r\n");

    assertThat(HeadLines.lineEnd(line, 0, 16)).isEqualTo(HeadLines.NEED_MORE);
    assertThat(HeadLines.lineEnd(line, 0, 17)).isEqualTo(HeadLines.NEED_MORE);
    assertThat(HeadLines.lineEnd(line, 0, 18)).isEqualTo(16);
  }

  @Test
  void shouldTellObsTextWhereverItIsWhenCheckingForAscii() {
    for (int length = 0; length <= 20; length++) {
      byte[] value = bytes("~".repeat(length) + "\u00e9");

      boolean ascii = HeadLines.isAscii(value, 0, length);
      boolean withObsText = HeadLines.isAscii(value, 0, length + 1);

      assertThat(ascii).as("%d ASCII bytes", length).isTrue();
      assertThat(withObsText).as("obs-text after %d bytes", length).isFalse();
    }
  }

  @Test
  void shouldEndATokenAtTheFirstByteThatIsNoTokenCharacter() {
    byte[] line = bytes("Content-Length: 5");

    assertThat(HeadLines.tokenEnd(line, 0, line.length)).isEqualTo(14);
    assertThat(HeadLines.tokenEnd(line, 0, 10)).isEqualTo(HeadLines.NEED_MORE);
    assertThat(HeadLines.isToken(line, 0, 14)).isTrue();
    assertThat(HeadLines.isToken(line, 0, 15)).isFalse();
    assertThat(HeadLines.isToken(line, 3, 3)).isFalse();
  }

  @Test
  void shouldCompareNamesIgnoringCaseOnlyWhenTheyAreTheSameLetters() {
    byte[] name = HeadLines.lowerName("content-length");

    assertThat(HeadLines.nameIs(bytes("Content-Length"), 0, 14, name)).isTrue();
    assertThat(HeadLines.nameIs(bytes("CONTENT-LENGTH"), 0, 14, name)).isTrue();
    assertThat(HeadLines.nameIs(bytes("content_length"), 0, 14, name)).isFalse();
    assertThat(HeadLines.nameIs(bytes("content-lengt"), 0, 13, name)).isFalse();
    assertThat(HeadLines.nameIsAnyCase(bytes("X_Private"), 0, 9, "x_private")).isTrue();
    assertThat(HeadLines.nameIsAnyCase(bytes("X_Private"), 0, 9, "x-private")).isFalse();
  }

  @Test
  void shouldRefuseANameForCaseInsensitiveComparisonWhenItIsNotLowerCaseLettersAndHyphens() {
    assertThatThrownBy(() -> HeadLines.lowerName("X-Private")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("X-Private");
    assertThatThrownBy(() -> HeadLines.lowerName("x_private")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldCopyTheReadableBytesAtTheirOffsetsWhenCopiedInTwoSteps() {
    ByteBuf buf = Unpooled.copiedBuffer("skipped|0123456789", StandardCharsets.ISO_8859_1);
    buf.skipBytes(8);

    HeadLines.copy(buf, 0, 4);
    byte[] copied = HeadLines.copy(buf, 4, 10);

    assertThat(new String(copied, 0, 10, StandardCharsets.ISO_8859_1)).isEqualTo("0123456789");
    assertThat(buf.readerIndex()).isEqualTo(8);
    buf.release();
  }
}
