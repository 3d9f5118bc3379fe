package dev.kafkaeventing.core.internal.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads the common response whole, in one step, when all of it has arrived: {@code HTTP/1.1} or
 * {@code HTTP/1.0}, a final status of 200-599 other than 204 and 304, a {@code Content-Length} and no
 * {@code Transfer-Encoding}, plain header lines (CRLF endings, token names, printable ASCII values, no
 * folding), at most {@value #MAX_HEAD} bytes of head. The response is the message Netty's decoder would
 * have made of it (same status, version, header names, values and order, same body), as one
 * {@link FullHttpResponse} instead of a head, body parts and a last part, and without Netty's string per
 * status line part. Anything else - a 1xx, a chunked or close-delimited body, a body still arriving, an
 * unusual line - is left to Netty's decoder, which answers it as before. Stateless.
 */
final class PlainResponses {

  /** What {@link #read} did. */
  enum Result {
    /** A whole response was taken from the buffer and added to the output. */
    READ,
    /** The head is not complete yet and so far plain: nothing was taken; wait for more bytes. */
    NEED_MORE,
    /** Not a plain response, or its body has not all arrived: nothing was taken; Netty's decoder reads it. */
    NOT_PLAIN
  }

  /** Netty's decoder takes heads longer than this, to fail them as it does (its limits are 4 + 8 KiB). */
  static final int MAX_HEAD = 4096;
  private static final DefaultHttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory();
  private static final byte[] VERSION_PREFIX = "HTTP/1.".getBytes(StandardCharsets.US_ASCII);
  /** Names met in most answers, shared when a response spells them exactly so. */
  private static final AsciiString[] KNOWN_NAMES = {
      HttpHeaderNames.CONTENT_LENGTH, HttpHeaderNames.CONTENT_TYPE, HttpHeaderNames.DATE, HttpHeaderNames.SERVER,
      HttpHeaderNames.CONNECTION, AsciiString.cached("Content-Length"), AsciiString.cached("Content-Type"),
      AsciiString.cached("Date"), AsciiString.cached("Server"), AsciiString.cached("Connection")};

  private PlainResponses() {
  }

  /**
   * Reads one plain response from the start of {@code in} into {@code out}, or nothing.
   *
   * @param answeringHead whether it answers a HEAD (then it is not read here: it has no body whatever it says)
   */
  static Result read(ByteBuf in, List<Object> out, boolean answeringHead) {
    int start = in.readerIndex();
    int end = in.writerIndex();
    int headEnd = headEnd(in, start, Math.min(end, start + MAX_HEAD));
    if (headEnd == NOT_FOUND) {
      return end - start >= MAX_HEAD ? Result.NOT_PLAIN : Result.NEED_MORE;
    }
    if (headEnd == IRREGULAR || answeringHead) {
      return Result.NOT_PLAIN;
    }
    int lineEnd = in.indexOf(start, headEnd, (byte) '\r');
    int status = statusOf(in, start, lineEnd);
    if (status < 0) {
      return Result.NOT_PLAIN;
    }
    HttpHeaders headers = HEADERS.newHeaders();
    long contentLength = -1;
    for (int line = lineEnd + 2; line < headEnd - 2; line = lineEnd + 2) {
      lineEnd = in.indexOf(line, headEnd, (byte) '\r');
      int colon = nameEnd(in, line, lineEnd);
      if (colon < 0) {
        return Result.NOT_PLAIN;
      }
      int valueStart = colon + 1;
      int valueEnd = lineEnd;
      while (valueStart < valueEnd && isWhitespace(in.getByte(valueStart))) {
        valueStart++;
      }
      while (valueEnd > valueStart && isWhitespace(in.getByte(valueEnd - 1))) {
        valueEnd--;
      }
      if (!isPlainValue(in, valueStart, valueEnd)) {
        return Result.NOT_PLAIN;
      }
      AsciiString name = nameOf(in, line, colon);
      if (HttpHeaderNames.TRANSFER_ENCODING.contentEqualsIgnoreCase(name)) {
        return Result.NOT_PLAIN;
      }
      if (HttpHeaderNames.CONTENT_LENGTH.contentEqualsIgnoreCase(name)) {
        if (contentLength >= 0) {
          return Result.NOT_PLAIN;
        }
        contentLength = decimal(in, valueStart, valueEnd);
        if (contentLength < 0) {
          return Result.NOT_PLAIN;
        }
      }
      headers.add(name, in.toString(valueStart, valueEnd - valueStart, StandardCharsets.ISO_8859_1));
    }
    if (contentLength < 0 || headEnd + contentLength > end) {
      return Result.NOT_PLAIN;
    }
    HttpVersion version = in.getByte(start + VERSION_PREFIX.length) == '1' ? HttpVersion.HTTP_1_1 : HttpVersion.HTTP_1_0;
    in.readerIndex(headEnd);
    ByteBuf body = contentLength == 0 ? Unpooled.EMPTY_BUFFER : in.readRetainedSlice((int) contentLength);
    out.add(new DefaultFullHttpResponse(version, HttpResponseStatus.valueOf(status), body, headers,
        EmptyHttpHeaders.INSTANCE));
    return Result.READ;
  }

  private static final int NOT_FOUND = -1;
  private static final int IRREGULAR = -2;

  /**
   * The index after the blank line ending the head; {@link #NOT_FOUND} when it is not within {@code limit};
   * {@link #IRREGULAR} when a line ends in a bare LF or a control character other than CR comes before it.
   */
  private static int headEnd(ByteBuf in, int start, int limit) {
    if (start < limit && in.getByte(start) != 'H') {
      return IRREGULAR;
    }
    int lineStart = start;
    for (int i = start; i < limit; i++) {
      byte b = in.getByte(i);
      if (b == '\n') {
        if (i == start || in.getByte(i - 1) != '\r') {
          return IRREGULAR;
        }
        if (i - 1 == lineStart) {
          return i + 1;
        }
        lineStart = i + 1;
      } else if (b == '\r') {
        if (i + 1 < limit && in.getByte(i + 1) != '\n') {
          return IRREGULAR;
        }
      } else if (b < 0x20 && b != '\t' || b == 0x7F) {
        return IRREGULAR;
      }
    }
    return NOT_FOUND;
  }

  /** The status of a plain status line ({@code HTTP/1.1 202 Accepted}), or -1. */
  private static int statusOf(ByteBuf in, int start, int lineEnd) {
    int at = start + VERSION_PREFIX.length;
    if (lineEnd < at + 5) {
      return -1;
    }
    for (int i = 0; i < VERSION_PREFIX.length; i++) {
      if (in.getByte(start + i) != VERSION_PREFIX[i]) {
        return -1;
      }
    }
    byte minor = in.getByte(at);
    if (minor != '0' && minor != '1' || in.getByte(at + 1) != ' ') {
      return -1;
    }
    int status = 0;
    for (int i = at + 2; i < at + 5; i++) {
      byte b = in.getByte(i);
      if (b < '0' || b > '9') {
        return -1;
      }
      status = status * 10 + b - '0';
    }
    if (lineEnd > at + 5 && in.getByte(at + 5) != ' ') {
      return -1;
    }
    boolean plain = status >= 200 && status < 600 && status != 204 && status != 304;
    return plain ? status : -1;
  }

  /** The index of the colon after a header name of token characters, or -1. */
  private static int nameEnd(ByteBuf in, int line, int lineEnd) {
    for (int i = line; i < lineEnd; i++) {
      byte b = in.getByte(i);
      if (b == ':') {
        return i > line ? i : -1;
      }
      if (!isTokenChar(b)) {
        return -1;
      }
    }
    return -1;
  }

  private static AsciiString nameOf(ByteBuf in, int from, int to) {
    int length = to - from;
    for (AsciiString known : KNOWN_NAMES) {
      if (known.length() == length && sameBytes(in, from, known)) {
        return known;
      }
    }
    byte[] bytes = new byte[length];
    in.getBytes(from, bytes);
    return new AsciiString(bytes, false);
  }

  private static boolean sameBytes(ByteBuf in, int from, AsciiString known) {
    for (int i = 0; i < known.length(); i++) {
      if (in.getByte(from + i) != known.byteAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** A header value of visible ASCII, spaces and tabs. */
  private static boolean isPlainValue(ByteBuf in, int from, int to) {
    for (int i = from; i < to; i++) {
      byte b = in.getByte(i);
      if ((b < 0x20 || b > 0x7E) && b != '\t') {
        return false;
      }
    }
    return true;
  }

  /** The decimal value of 1 to 18 digits, or -1. */
  private static long decimal(ByteBuf in, int from, int to) {
    if (to == from || to - from > 18) {
      return -1;
    }
    long value = 0;
    for (int i = from; i < to; i++) {
      byte b = in.getByte(i);
      if (b < '0' || b > '9') {
        return -1;
      }
      value = value * 10 + b - '0';
    }
    return value;
  }

  private static boolean isWhitespace(byte b) {
    return b == ' ' || b == '\t';
  }

  /** RFC 9110 tchar. */
  private static boolean isTokenChar(byte b) {
    if (b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9') {
      return true;
    }
    return switch (b) {
      case '!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_', '`', '|', '~' -> true;
      default -> false;
    };
  }
}
