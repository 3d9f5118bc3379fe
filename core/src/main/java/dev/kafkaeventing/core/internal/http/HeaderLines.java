package dev.kafkaeventing.core.internal.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * Request header lines already in their wire form ({@code name: value\r\n} each), built once and
 * written as one run of bytes by every request that carries them ({@link HandedOverHeaders#addLines}):
 * an event's {@code ce-} headers go to every Trigger it matches and to every retry without being copied
 * into each request's headers. Immutable and thread-safe.
 *
 * <p>It is a {@link CharSequence} only so that it can sit among the headers at the place where its
 * lines go; the client recognises it there and writes its bytes. Its lines are not seen by the headers'
 * look-ups ({@code get}, {@code contains}).
 */
public final class HeaderLines implements CharSequence {

  /** The name under which the lines sit among the headers; never written itself. */
  static final AsciiString NAME = AsciiString.cached("x-kafka-eventing-header-lines");

  private final byte[] bytes;

  private HeaderLines(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * The lines of {@code headers} in their order, each character written as the client writes header
   * names and values (one byte per character: what Netty's HTTP encoder writes).
   */
  public static HeaderLines of(HttpHeaders headers) {
    ByteBuf out = Unpooled.buffer(256);
    for (Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence(); it.hasNext(); ) {
      Map.Entry<CharSequence, CharSequence> header = it.next();
      RequestWriter.writeLine(out, header.getKey(), header.getValue());
    }
    byte[] bytes = new byte[out.readableBytes()];
    out.readBytes(bytes);
    return new HeaderLines(bytes);
  }

  /** Writes the lines to {@code out}. */
  void writeTo(ByteBuf out) {
    out.writeBytes(bytes);
  }

  @Override
  public int length() {
    return bytes.length;
  }

  @Override
  public char charAt(int index) {
    return (char) (bytes[index] & 0xFF);
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return new AsciiString(bytes, start, end - start, true);
  }

  @Override
  public String toString() {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }
}
