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
 * unusual line - is left to Netty's decoder, which answers it as before. Stateless: the head is scanned
 * in the calling thread's scratch array ({@link HeadLines}).
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
  private static final byte[] CONTENT_LENGTH = HeadLines.lowerName("content-length");
  private static final byte[] TRANSFER_ENCODING = HeadLines.lowerName("transfer-encoding");

  private PlainResponses() {
  }

  /**
   * Reads one plain response from the start of {@code in} into {@code out}, or nothing. The head is
   * scanned in a copy of its bytes ({@link HeadLines#copy}): at most {@link HeadLines#FIRST_COPY} bytes
   * first, the rest up to {@value #MAX_HEAD} only when the head goes on.
   *
   * @param answeringHead whether it answers a HEAD (then it is not read here: it has no body whatever it says)
   */
  static Result read(ByteBuf in, List<Object> out, boolean answeringHead) {
    int readable = in.readableBytes();
    int limit = Math.min(readable, MAX_HEAD);
    int copied = Math.min(limit, HeadLines.FIRST_COPY);
    byte[] a = HeadLines.copy(in, 0, copied);
    if (copied > 0 && a[0] != 'H') {
      return Result.NOT_PLAIN;
    }
    int line = 0;
    int headEnd = -1;
    while (headEnd < 0) {
      int cr = HeadLines.lineEnd(a, line, copied);
      if (cr == HeadLines.INVALID) {
        return Result.NOT_PLAIN;
      } else if (cr == HeadLines.NEED_MORE) {
        if (copied == limit) {
          return readable >= MAX_HEAD ? Result.NOT_PLAIN : Result.NEED_MORE;
        }
        a = HeadLines.copy(in, copied, limit);
        copied = limit;
      } else if (cr == line) {
        headEnd = cr + 2;
      } else {
        line = cr + 2;
      }
    }
    if (answeringHead) {
      return Result.NOT_PLAIN;
    }
    int lineEnd = HeadLines.lineEnd(a, 0, headEnd);
    int status = statusOf(a, lineEnd);
    if (status < 0) {
      return Result.NOT_PLAIN;
    }
    HttpHeaders headers = HEADERS.newHeaders();
    long contentLength = -1;
    for (line = lineEnd + 2; line < headEnd - 2; line = lineEnd + 2) {
      int colon = HeadLines.tokenEnd(a, line, headEnd);
      if (colon <= line || a[colon] != ':') {
        return Result.NOT_PLAIN;
      }
      lineEnd = HeadLines.lineEnd(a, colon + 1, headEnd);
      int valueStart = HeadLines.skipSpaces(a, colon + 1, lineEnd);
      int valueEnd = HeadLines.trimEnd(a, valueStart, lineEnd);
      // The head's lines hold no control character but HTAB; a plain value holds no obs-text either.
      if (!HeadLines.isAscii(a, valueStart, valueEnd) || HeadLines.nameIs(a, line, colon, TRANSFER_ENCODING)) {
        return Result.NOT_PLAIN;
      }
      if (HeadLines.nameIs(a, line, colon, CONTENT_LENGTH)) {
        if (contentLength >= 0) {
          return Result.NOT_PLAIN;
        }
        contentLength = HeadLines.decimal(a, valueStart, valueEnd);
        if (contentLength < 0) {
          return Result.NOT_PLAIN;
        }
      }
      headers.add(nameOf(a, line, colon), HeadLines.text(a, valueStart, valueEnd));
    }
    if (contentLength < 0 || headEnd + contentLength > readable) {
      return Result.NOT_PLAIN;
    }
    HttpVersion version = a[VERSION_PREFIX.length] == '1' ? HttpVersion.HTTP_1_1 : HttpVersion.HTTP_1_0;
    in.skipBytes(headEnd);
    ByteBuf body = contentLength == 0 ? Unpooled.EMPTY_BUFFER : in.readRetainedSlice((int) contentLength);
    out.add(new DefaultFullHttpResponse(version, HttpResponseStatus.valueOf(status), body, headers,
        EmptyHttpHeaders.INSTANCE));
    return Result.READ;
  }

  /** The status of a plain status line ({@code HTTP/1.1 202 Accepted}) ending at {@code lineEnd}, or -1. */
  private static int statusOf(byte[] a, int lineEnd) {
    int at = VERSION_PREFIX.length;
    if (lineEnd < at + 5 || !HeadLines.bytesAre(a, 0, at, VERSION_PREFIX)) {
      return -1;
    }
    byte minor = a[at];
    if (minor != '0' && minor != '1' || a[at + 1] != ' ') {
      return -1;
    }
    int status = (int) HeadLines.decimal(a, at + 2, at + 5);
    if (lineEnd > at + 5 && a[at + 5] != ' ') {
      return -1;
    }
    boolean plain = status >= 200 && status < 600 && status != 204 && status != 304;
    return plain ? status : -1;
  }

  private static AsciiString nameOf(byte[] a, int from, int to) {
    int length = to - from;
    for (AsciiString known : KNOWN_NAMES) {
      if (known.length() == length && sameBytes(a, from, known)) {
        return known;
      }
    }
    return new AsciiString(a, from, length, true);
  }

  private static boolean sameBytes(byte[] a, int from, AsciiString known) {
    for (int i = 0; i < known.length(); i++) {
      if (a[from + i] != known.byteAt(i)) {
        return false;
      }
    }
    return true;
  }
}
