package dev.kafkaeventing.serving.activator;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;
import java.nio.charset.StandardCharsets;

/**
 * Byte-level helpers for reading an HTTP/1.1 message head in place (RFC 9112 section 2 and 5):
 * finding line ends, checking header names and values, comparing names without copying them.
 * Stateless.
 */
final class HeadLines {

  /** The longest head read in place; a longer one goes to the full codec (which has the same limit). */
  static final int MAX_HEAD = 8192;

  private static final boolean[] TCHAR = new boolean[128];

  static {
    for (char c = '0'; c <= '9'; c++) {
      TCHAR[c] = true;
    }
    for (char c = 'a'; c <= 'z'; c++) {
      TCHAR[c] = true;
      TCHAR[c - 'a' + 'A'] = true;
    }
    for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
      TCHAR[c] = true;
    }
  }

  private HeadLines() {}

  /** The index of the LF ending the line that starts at {@code from}, or -1 when it is not there yet. */
  static int lineFeed(ByteBuf buf, int from, int end) {
    return from >= end ? -1 : buf.forEachByte(from, end - from, ByteProcessor.FIND_LF);
  }

  /** Whether the line [from, lf] ends with CRLF (a bare LF is left to the full codec). */
  static boolean endsWithCrlf(ByteBuf buf, int from, int lf) {
    return lf > from && buf.getByte(lf - 1) == '\r';
  }

  /** Stops at a byte that is not a token character. */
  private static final ByteProcessor NOT_TCHAR = b -> b >= 0 && TCHAR[b];
  /** Stops at a control character other than HTAB. */
  private static final ByteProcessor CONTROL = b -> (b < 0 || b >= 0x20 || b == '\t') && b != 0x7F;

  /** Whether [from, to) is a non-empty token (header names, methods). */
  static boolean isToken(ByteBuf buf, int from, int to) {
    // forEachByte scans without a bounds check per byte
    return to > from && buf.forEachByte(from, to - from, NOT_TCHAR) < 0;
  }

  /** Whether [from, to) holds no control character but HTAB (obs-text above 0x7F is allowed). */
  static boolean isFieldValue(ByteBuf buf, int from, int to) {
    return to <= from || buf.forEachByte(from, to - from, CONTROL) < 0;
  }

  /** Whether the name [from, to) equals {@code lowerName} ignoring ASCII case. */
  static boolean nameIs(ByteBuf buf, int from, int to, String lowerName) {
    if (to - from != lowerName.length()) {
      return false;
    }
    for (int i = 0; i < lowerName.length(); i++) {
      int b = buf.getByte(from + i);
      if (b >= 'A' && b <= 'Z') {
        b += 'a' - 'A';
      }
      if (b != lowerName.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** The bytes [from, to) as a string, one char per byte (so that writing it back gives the same bytes). */
  static String text(ByteBuf buf, int from, int to) {
    return buf.toString(from, to - from, StandardCharsets.ISO_8859_1);
  }

  /** The first index in [from, to) that is not SP or HTAB. */
  static int skipSpaces(ByteBuf buf, int from, int to) {
    while (from < to && (buf.getByte(from) == ' ' || buf.getByte(from) == '\t')) {
      from++;
    }
    return from;
  }

  /** The end of [from, to) without trailing SP or HTAB. */
  static int trimEnd(ByteBuf buf, int from, int to) {
    while (to > from && (buf.getByte(to - 1) == ' ' || buf.getByte(to - 1) == '\t')) {
      to--;
    }
    return to;
  }

  /** A non-negative decimal of at most 18 digits, or -1. */
  static long decimal(ByteBuf buf, int from, int to) {
    if (to <= from || to - from > 18) {
      return -1;
    }
    long value = 0;
    for (int i = from; i < to; i++) {
      byte b = buf.getByte(i);
      if (b < '0' || b > '9') {
        return -1;
      }
      value = value * 10 + (b - '0');
    }
    return value;
  }

  /** Whether the comma-separated list [from, to) holds only tokens equal to {@code allowed} (ignoring case). */
  static boolean onlyTokens(ByteBuf buf, int from, int to, String allowed) {
    int start = from;
    for (int i = from; i <= to; i++) {
      if (i == to || buf.getByte(i) == ',') {
        int s = skipSpaces(buf, start, i);
        int e = trimEnd(buf, s, i);
        if (e > s && !nameIs(buf, s, e, allowed)) {
          return false;
        }
        start = i + 1;
      }
    }
    return true;
  }
}
