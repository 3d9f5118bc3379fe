package dev.kafkaeventing.core.internal.http;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Byte-level helpers for reading an HTTP/1.1 message head in place (RFC 9112 section 2 and 5):
 * finding line ends, checking header names and values, comparing names without copying them. Shared
 * by the HTTP client's response decoder ({@link PlainResponses}) and the serving bridge's activator
 * (its request and response heads), so that both scan a head one way.
 *
 * <p>A head is scanned in a copy of its bytes in the calling thread's scratch array ({@link
 * #copy}): one bulk copy out of the (usually direct) buffer, then plain array reads, eight bytes at
 * a time where a line holds nothing but field-value bytes ({@link #lineEnd}), instead of a
 * bounds-checked read or a callback per byte. The scratch array's contents are valid until the
 * thread's next {@link #copy}. Stateless otherwise.
 */
public final class HeadLines {

  /**
   * The longest head read in place (the size of the scratch array): the activator's limit, which is
   * its full codec's too; the HTTP client reads at most {@link PlainResponses#MAX_HEAD}.
   */
  public static final int MAX_HEAD = 8192;
  /** Bytes copied at first: most heads fit, and a head followed by a large body is not copied whole. */
  public static final int FIRST_COPY = 2048;

  /** A scan reached the end of the bytes at hand: the line is not complete yet. */
  public static final int NEED_MORE = -1;
  /** A scan found a byte that does not belong there. */
  public static final int INVALID = -2;

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;
  private static final long SPACES = 0x2020202020202020L;
  private static final long DELS = 0x7F7F7F7F7F7F7F7FL;

  private static final boolean[] TCHAR = new boolean[256];

  private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
    @Override
    protected byte[] initialValue() {
      return new byte[MAX_HEAD];
    }
  };

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

  /**
   * The thread's scratch array holding the readable bytes of {@code buf} from {@code from} to
   * {@code to} (offsets from its reader index) at the same offsets; bytes before {@code from} are
   * those of the previous copy (a head is copied in two steps when it is long).
   */
  public static byte[] copy(ByteBuf buf, int from, int to) {
    byte[] scratch = SCRATCH.get();
    buf.getBytes(buf.readerIndex() + from, scratch, from, to - from);
    return scratch;
  }

  /**
   * The index of the CR of the CRLF that ends the line at or after {@code from}, every byte before
   * it being a field-value byte (no control character but HTAB, no DEL; obs-text above 0x7F is
   * allowed); {@link #NEED_MORE} when [from, end) ends first; {@link #INVALID} on a bare LF, a CR
   * not followed by LF, or another control character.
   */
  public static int lineEnd(byte[] a, int from, int end) {
    int i = from;
    while (i < end) {
      if (i + Long.BYTES <= end) {
        long x = (long) LONGS.get(a, i);
        long dels = x ^ DELS;
        // A byte below 0x20 or equal to 0x7F among the eight (the classic "has less than" and "has zero" tests).
        if (((((x - SPACES) & ~x) | ((dels - ONES) & ~dels)) & HIGH_BITS) == 0) {
          i += Long.BYTES;
          continue;
        }
      }
      int stop = Math.min(end, i + Long.BYTES);
      for (; i < stop; i++) {
        byte b = a[i];
        if ((b >= 0x20 && b != 0x7F) || b < 0 || b == '\t') {
          continue;
        }
        if (b != '\r') {
          return INVALID;
        }
        if (i + 1 == end) {
          return NEED_MORE;
        }
        return a[i + 1] == '\n' ? i : INVALID;
      }
    }
    return NEED_MORE;
  }

  /** Whether no byte of [from, to) is above 0x7F (obs-text), looking at eight bytes at a time. */
  public static boolean isAscii(byte[] a, int from, int to) {
    int i = from;
    for (; i + Long.BYTES <= to; i += Long.BYTES) {
      if (((long) LONGS.get(a, i) & HIGH_BITS) != 0) {
        return false;
      }
    }
    for (; i < to; i++) {
      if (a[i] < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * The index of the first byte at or after {@code from} that is not a token character: the end of
   * a header name or a method; {@link #NEED_MORE} when every byte up to {@code end} is one.
   */
  public static int tokenEnd(byte[] a, int from, int end) {
    for (int i = from; i < end; i++) {
      if (!TCHAR[a[i] & 0xFF]) {
        return i;
      }
    }
    return NEED_MORE;
  }

  /** Whether [from, to) is a non-empty token. */
  public static boolean isToken(byte[] a, int from, int to) {
    return to > from && tokenEnd(a, from, to) == NEED_MORE;
  }

  /**
   * A lower-case name as bytes, for {@link #nameIs}: letters and '-' only, so that comparing a byte
   * with its 0x20 bit set is comparing it ignoring ASCII case, and nothing else.
   */
  public static byte[] lowerName(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(c >= 'a' && c <= 'z') && c != '-') {
        throw new IllegalArgumentException("not a lower-case name of letters and '-': " + name);
      }
    }
    return name.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Whether [from, to) equals {@code lowerName} ({@link #lowerName}) ignoring ASCII case. The bytes
   * are a token or a field value: neither holds CR (0x0D), the only other byte that would match '-'.
   */
  public static boolean nameIs(byte[] a, int from, int to, byte[] lowerName) {
    if (to - from != lowerName.length) {
      return false;
    }
    for (int i = 0; i < lowerName.length; i++) {
      if ((a[from + i] | 0x20) != lowerName[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether [from, to) equals {@code lowerName} ignoring ASCII case, for names known only at run
   * time (the tokens of a {@code Connection} header).
   */
  public static boolean nameIsAnyCase(byte[] a, int from, int to, String lowerName) {
    if (to - from != lowerName.length()) {
      return false;
    }
    for (int i = 0; i < lowerName.length(); i++) {
      int b = a[from + i];
      if (b >= 'A' && b <= 'Z') {
        b += 'a' - 'A';
      }
      if (b != lowerName.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Whether [from, to) equals {@code expected} exactly. */
  public static boolean bytesAre(byte[] a, int from, int to, byte[] expected) {
    if (to - from != expected.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if (a[from + i] != expected[i]) {
        return false;
      }
    }
    return true;
  }

  /** The bytes [from, to) as a string, one char per byte (so that writing it back gives the same bytes). */
  public static String text(byte[] a, int from, int to) {
    return new String(a, from, to - from, StandardCharsets.ISO_8859_1);
  }

  /** The first index in [from, to) that is not SP or HTAB. */
  public static int skipSpaces(byte[] a, int from, int to) {
    while (from < to && (a[from] == ' ' || a[from] == '\t')) {
      from++;
    }
    return from;
  }

  /** The end of [from, to) without trailing SP or HTAB. */
  public static int trimEnd(byte[] a, int from, int to) {
    while (to > from && (a[to - 1] == ' ' || a[to - 1] == '\t')) {
      to--;
    }
    return to;
  }

  /** A non-negative decimal of at most 18 digits, or -1. */
  public static long decimal(byte[] a, int from, int to) {
    if (to <= from || to - from > 18) {
      return -1;
    }
    long value = 0;
    for (int i = from; i < to; i++) {
      byte b = a[i];
      if (b < '0' || b > '9') {
        return -1;
      }
      value = value * 10 + (b - '0');
    }
    return value;
  }

  /** Whether the comma-separated list [from, to) holds only elements equal to {@code allowed} (ignoring case). */
  public static boolean onlyTokens(byte[] a, int from, int to, byte[] allowed) {
    int start = from;
    for (int i = from; i <= to; i++) {
      if (i == to || a[i] == ',') {
        int s = skipSpaces(a, start, i);
        int e = trimEnd(a, s, i);
        if (e > s && !nameIs(a, s, e, allowed)) {
          return false;
        }
        start = i + 1;
      }
    }
    return true;
  }
}
