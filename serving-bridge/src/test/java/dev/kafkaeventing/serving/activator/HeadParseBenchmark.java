package dev.kafkaeventing.serving.activator;

import dev.kafkaeventing.serving.RevisionId;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of the activator's fast path reading heads in place, per request: the bench's request head
 * (a 1 KiB binary CloudEvent POST, its body following in the same buffer), the head built for the
 * replica, and the bench app's response head, each in a pooled direct buffer as read from a socket.
 * Not a test: run it with the {@code jmh} profile (see README.md); {@code -Djmh.args="HeadParse
 * -prof gc"} adds the bytes allocated per operation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class HeadParseBenchmark {

  private static final RevisionId REVISION = new RevisionId("bench-activator", "app-00001");

  private ByteBuf request;
  private ByteBuf response;
  private String forwardedElement;
  private byte[] keptLines;

  @Setup
  public void setUp() {
    String head = "POST /bench-activator/app HTTP/1.1\r\nhost: 127.0.0.1:8082\r\n"
        + "content-type: application/octet-stream\r\nce-specversion: 1.0\r\nce-id: 1234567\r\n"
        + "ce-source: /bench\r\nce-type: bench.t0\r\nbenchsent: 1765016130123456789\r\n"
        + "content-length: 1024\r\n\r\n";
    request = direct(head.getBytes(StandardCharsets.ISO_8859_1), new byte[1024]);
    response = direct(("HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\nx-started-at: 1765016130123\r\n"
        + "x-listening-at: 1765016130456\r\nx-received-at: 1765016131789\r\ncontent-length: 11\r\n\r\n"
        + "port=12345\n").getBytes(StandardCharsets.ISO_8859_1));
    forwardedElement = RequestHead.forwardedElement("127.0.0.1", "127.0.0.1:8082");
    keptLines = RequestHead.parse(request).proxyLines("127.0.0.1", forwardedElement, REVISION);
  }

  private static ByteBuf direct(byte[]... parts) {
    ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer();
    for (byte[] part : parts) {
      buf.writeBytes(part);
    }
    return buf;
  }

  @TearDown
  public void tearDown() {
    request.release();
    response.release();
  }

  @Benchmark
  public RequestHead parseRequest() {
    return RequestHead.parse(request);
  }

  @Benchmark
  public int parseRequestAndBuildUpstreamHead() {
    RequestHead head = RequestHead.parse(request);
    ByteBuf upstream = head.upstream(request, ByteBufAllocator.DEFAULT, "/", "127.0.0.1", forwardedElement, REVISION);
    int length = upstream.readableBytes();
    upstream.release();
    return length;
  }

  /** As the fast path does: the proxy's lines kept by the connection (not in builds before they were). */
  @Benchmark
  public int parseRequestAndBuildUpstreamHeadWithKeptLines() {
    RequestHead head = RequestHead.parse(request);
    ByteBuf upstream = head.upstream(request, ByteBufAllocator.DEFAULT, "/", keptLines);
    int length = upstream.readableBytes();
    upstream.release();
    return length;
  }

  @Benchmark
  public ResponseHead parseResponse() {
    return ResponseHead.parse(response, false);
  }
}
