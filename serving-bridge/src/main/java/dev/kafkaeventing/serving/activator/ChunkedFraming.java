package dev.kafkaeventing.serving.activator;

import io.netty.buffer.ByteBuf;

/**
 * Finds where a chunked body ends (RFC 9112 section 7.1) without decoding it: fed the bytes as they
 * arrive, says how many of them belong to the body, so that they are forwarded as they are. Chunk
 * extensions and trailer lines are passed over. One instance per body; not thread-safe.
 */
final class ChunkedFraming {

  private enum State { SIZE, EXTENSION, SIZE_LF, DATA, DATA_CR, DATA_LF, TRAILER_START, TRAILER_LINE, END_LF, DONE }

  /** The longest chunk size line accepted (digits and extensions). */
  private static final int MAX_SIZE_LINE = 4096;

  private State state = State.SIZE;
  private long chunkLeft;
  private int sizeDigits;
  private int lineBytes;

  /** Whether the last chunk and the trailer section were seen. */
  boolean done() {
    return state == State.DONE;
  }

  /**
   * Reads from index {@code start} up to the writer index (not consuming) and returns how many of
   * those bytes belong to the body; stops at its end.
   *
   * @throws IllegalArgumentException when the framing is invalid
   */
  int scan(ByteBuf buf, int start) {
    int end = buf.writerIndex();
    int i = start;
    while (i < end && state != State.DONE) {
      if (state == State.DATA) {
        int n = (int) Math.min(chunkLeft, end - i);
        i += n;
        chunkLeft -= n;
        if (chunkLeft == 0) {
          state = State.DATA_CR;
        }
        continue;
      }
      step(buf.getByte(i++));
    }
    return i - start;
  }

  private void step(byte b) {
    switch (state) {
      case SIZE -> size(b);
      case EXTENSION -> {
        if (b == '\r') {
          state = State.SIZE_LF;
        } else if (++lineBytes > MAX_SIZE_LINE) {
          throw new IllegalArgumentException("chunk size line too long");
        }
      }
      case SIZE_LF -> {
        expect(b, '\n');
        if (chunkLeft > 0) {
          state = State.DATA;
        } else {
          state = State.TRAILER_START;
        }
      }
      case DATA_CR -> {
        expect(b, '\r');
        state = State.DATA_LF;
      }
      case DATA_LF -> {
        expect(b, '\n');
        state = State.SIZE;
        sizeDigits = 0;
        lineBytes = 0;
      }
      case TRAILER_START -> {
        lineBytes = 0;
        state = b == '\r' ? State.END_LF : State.TRAILER_LINE;
      }
      case TRAILER_LINE -> {
        if (b == '\n') {
          state = State.TRAILER_START;
        } else if (++lineBytes > MAX_SIZE_LINE) {
          throw new IllegalArgumentException("trailer line too long");
        }
      }
      case END_LF -> {
        expect(b, '\n');
        state = State.DONE;
      }
      default -> throw new IllegalStateException(state.name());
    }
  }

  private void size(byte b) {
    int digit = Character.digit(b, 16);
    if (digit >= 0) {
      if (++sizeDigits > 15) {
        throw new IllegalArgumentException("chunk size too large");
      }
      chunkLeft = chunkLeft * 16 + digit;
    } else if (sizeDigits > 0 && (b == ';' || b == ' ' || b == '\t')) {
      state = State.EXTENSION;
    } else if (sizeDigits > 0 && b == '\r') {
      state = State.SIZE_LF;
    } else {
      throw new IllegalArgumentException("invalid chunk size");
    }
  }

  private static void expect(byte b, char wanted) {
    if (b != wanted) {
      throw new IllegalArgumentException("invalid chunk framing");
    }
  }
}
