package dev.kafkaeventing.core;

import com.sun.management.OperatingSystemMXBean;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpHeaders;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one delivery exchange: a 1 KiB binary-mode event delivered by the {@link DeliveryEngine}
 * through the real {@link HttpClient} to an in-process Netty server on loopback, keep-alive, with
 * {@value #IN_FLIGHT} deliveries in flight at a time. The server answers either 202 (a Trigger's
 * usual answer) or 200 with a 1 KiB binary-mode reply event (a Sequence step's), which the engine
 * decodes and hands to its reply handler. {@code send} is the bare client: the same request as the
 * engine builds, without the engine around it.
 *
 * <p>Not a test: run it with the {@code jmh} profile (see README.md). With {@code -Djmh.args="-prof gc"}
 * {@code gc.alloc.rate.norm} gives the bytes allocated per exchange by every thread of the JVM (the
 * caller, the client's event loop and the server's), which does not depend on the machine's load; the
 * time per exchange does, a lot on a shared machine. Each iteration also prints the process's CPU time
 * per exchange (all threads, JIT and GC included) and the client event loop's, which depend on it less.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgs = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DeliveryExchangeBenchmark {

  static final int IN_FLIGHT = 4;

  /** What the server answers: {@code 202} with no body, or {@code reply}: 200 with a binary-mode event. */
  @Param({"202", "reply"})
  public String answer;

  private EventLoopGroup serverLoop;
  private Channel listener;
  private HttpClient client;
  private DeliveryEngine engine;
  private CloudEvent event;
  private DeliveryTarget target;
  private HttpRequest request;
  private final Semaphore window = new Semaphore(IN_FLIGHT);
  private final ReplyHandler replies = reply -> CompletableFuture.completedFuture(null);
  /** The first exchange that went wrong; the iteration fails with it rather than measure failures. */
  private final AtomicReference<String> failure = new AtomicReference<>();
  private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private long exchanges;
  private long cpuAtStart;
  private long clientCpuAtStart;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    byte[] data = new byte[1024];
    Arrays.fill(data, (byte) 'x');
    event = CloudEventBuilder.v1()
        .withId("8f4c1a52-5a8e-4e8d-9b7e-3f1e2d9c0b11")
        .withSource(URI.create("https://example.com/orders"))
        .withType("com.example.order.created")
        .withTime(OffsetDateTime.parse("2026-12-06T10:15:30.123Z"))
        .withExtension("benchsent", "1765016130123456789")
        .withData("application/octet-stream", data)
        .build();
    byte[] response = "202".equals(answer)
        ? "HTTP/1.1 202 Accepted\r\ncontent-length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)
        : replyResponse(data);
    serverLoop = NettyTransport.current().newGroup(1, "bench-server", true);
    listener = new ServerBootstrap()
        .group(serverLoop)
        .channel(NettyTransport.current().serverChannel())
        .childHandler(new ChannelInitializer<>() {
          @Override
          protected void initChannel(Channel channel) {
            channel.pipeline().addLast(new Answering(response));
          }
        })
        .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    int port = ((InetSocketAddress) listener.localAddress()).getPort();
    URI subscriber = URI.create("http://127.0.0.1:" + port + "/subscriber");
    client = HttpClient.create(new HttpClientConfig(1, 64, Duration.ofSeconds(10), 4 << 20));
    engine = new DeliveryEngine(client);
    target = new DeliveryTarget(subscriber, Map.of("Kn-Namespace", "default"),
        DeliveryPolicy.noRetries(Duration.ofSeconds(30)), null);
    HttpHeaders headers = io.netty.handler.codec.http.DefaultHttpHeadersFactory.headersFactory().newHeaders();
    headers.set("Kn-Namespace", "default");
    headers.set("Prefer", "reply");
    byte[] body = CloudEventHttpCodec.encodeBinary(event, headers);
    request = HttpRequest.post(subscriber, headers, body, Duration.ofSeconds(30));
  }

  /** A 200 carrying a 1 KiB binary-mode event, as a Sequence step answers. */
  private static byte[] replyResponse(byte[] data) {
    String head = "HTTP/1.1 200 OK\r\n"
        + "ce-specversion: 1.0\r\n"
        + "ce-id: 0b9c2d1e-3f7e-4d8e-a5e8-25a1c4f8e7d3\r\n"
        + "ce-source: https://example.com/step\r\n"
        + "ce-type: com.example.order.checked\r\n"
        + "content-type: application/octet-stream\r\n"
        + "content-length: " + data.length + "\r\n\r\n";
    byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
    byte[] all = Arrays.copyOf(headBytes, headBytes.length + data.length);
    System.arraycopy(data, 0, all, headBytes.length, data.length);
    return all;
  }

  @Setup(Level.Iteration)
  public void startCounting() {
    exchanges = 0;
    cpuAtStart = os.getProcessCpuTime();
    clientCpuAtStart = clientLoopCpu();
  }

  /** CPU time of the client's event loop threads: where a platform's deliveries run. */
  private long clientLoopCpu() {
    long sum = 0;
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().startsWith("http-client-") && !thread.getName().startsWith("http-client-dns")) {
        sum += Math.max(0, threads.getThreadCpuTime(thread.getId()));
      }
    }
    return sum;
  }

  @TearDown(Level.Iteration)
  public void checkExchanges() throws InterruptedException {
    window.acquire(IN_FLIGHT);
    window.release(IN_FLIGHT);
    long cpu = os.getProcessCpuTime() - cpuAtStart;
    long clientCpu = clientLoopCpu() - clientCpuAtStart;
    System.out.printf("cpu per exchange: %.0f ns, client loop %.0f ns (%d exchanges)%n",
        cpu / (double) exchanges, clientCpu / (double) exchanges, exchanges);
    if (failure.get() != null) {
      throw new IllegalStateException(failure.get());
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    client.close();
    listener.close().syncUninterruptibly();
    serverLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** One delivery by the engine, waiting while {@value #IN_FLIGHT} are in flight. */
  @Benchmark
  public void deliver() throws InterruptedException {
    window.acquire();
    exchanges++;
    engine.deliver(event, target, replies).whenComplete((outcome, error) -> {
      if (error != null || outcome.result() != DeliveryOutcome.Result.DELIVERED) {
        failure.compareAndSet(null, "not delivered: " + (error != null ? error : outcome));
      }
      window.release();
    });
  }

  /** One request by the bare client, waiting while {@value #IN_FLIGHT} are in flight. */
  @Benchmark
  public void send() throws InterruptedException {
    window.acquire();
    exchanges++;
    client.send(request).whenComplete((response, error) -> {
      if (error != null || !response.isSuccess()) {
        failure.compareAndSet(null, "failed: " + (error != null ? error : response));
      }
      window.release();
    });
  }

  /**
   * Answers every request with the same bytes. Requests are found by their blank line and
   * {@code Content-Length} (no chunked requests come): the server's own cost stays small and the same
   * whatever the client does.
   */
  private static final class Answering extends ChannelInboundHandlerAdapter {

    private static final byte[] CONTENT_LENGTH = "content-length:".getBytes(StandardCharsets.US_ASCII);

    private final ByteBuf response;
    private final byte[] head = new byte[16 * 1024];
    private int headLength;
    private long bodyLeft = -1;

    Answering(byte[] response) {
      this.response = Unpooled.unreleasableBuffer(Unpooled.directBuffer(response.length).writeBytes(response));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf in = (ByteBuf) msg;
      int answers = 0;
      try {
        while (in.isReadable()) {
          if (bodyLeft < 0) {
            byte b = in.readByte();
            head[headLength++] = b;
            if (b == '\n' && headLength >= 4 && head[headLength - 2] == '\r' && head[headLength - 3] == '\n') {
              bodyLeft = contentLength();
              headLength = 0;
            }
          } else {
            int skip = (int) Math.min(bodyLeft, in.readableBytes());
            in.skipBytes(skip);
            bodyLeft -= skip;
          }
          if (bodyLeft == 0) {
            bodyLeft = -1;
            answers++;
          }
        }
      } finally {
        in.release();
      }
      for (int i = 0; i < answers; i++) {
        ctx.write(response.duplicate());
      }
      if (answers > 0) {
        ctx.flush();
      }
    }

    /** The value of the head's {@code Content-Length}, 0 without one; read without allocating. */
    private long contentLength() {
      for (int line = 0; line < headLength; ) {
        if (startsIgnoringCase(line)) {
          long value = 0;
          for (int i = line + CONTENT_LENGTH.length; head[i] != '\r'; i++) {
            if (head[i] >= '0' && head[i] <= '9') {
              value = value * 10 + head[i] - '0';
            }
          }
          return value;
        }
        while (line < headLength && head[line++] != '\n') {
          // to the next line
        }
      }
      return 0;
    }

    private boolean startsIgnoringCase(int at) {
      if (at + CONTENT_LENGTH.length > headLength) {
        return false;
      }
      for (int i = 0; i < CONTENT_LENGTH.length; i++) {
        int c = head[at + i];
        if ((c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c) != CONTENT_LENGTH[i]) {
          return false;
        }
      }
      return true;
    }
  }
}
