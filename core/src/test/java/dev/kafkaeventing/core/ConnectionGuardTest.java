package dev.kafkaeventing.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A real loopback HTTP server behind a {@link ConnectionGuard}, driven by raw sockets. */
class ConnectionGuardTest {

  private static final String GET = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
  private static final String CHUNKED_HEAD = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";

  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
  private ConnectionGuard guard;
  private int port;

  @AfterEach
  void stop() {
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void shouldCloseConnectionWhenIdleLongerThanTheTimeout() throws Exception {
    start(new ListenerLimits(Duration.ofMillis(300), 10));

    try (Socket socket = connect()) {
      assertThat(exchange(socket, GET)).startsWith("HTTP/1.1 200 ");

      socket.setSoTimeout(10_000);
      assertThat(socket.getInputStream().read()).as("end of stream once idle").isEqualTo(-1);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> guard.openConnections() == 0);
  }

  @Test
  void shouldKeepConnectionAliveWhenUsedWithinTheTimeout() throws Exception {
    start(new ListenerLimits(Duration.ofSeconds(30), 10));

    try (Socket socket = connect()) {
      assertThat(exchange(socket, GET)).startsWith("HTTP/1.1 200 ");
      assertThat(exchange(socket, GET)).as("kept alive").startsWith("HTTP/1.1 200 ");
    }
  }

  @Test
  void shouldAnswer503AndCloseNewestWhenAtTheCapAndNoConnectionIsIdle() throws Exception {
    start(new ListenerLimits(Duration.ofSeconds(30), 2));
    try (Socket first = connect(); Socket second = connect()) {
      write(first, CHUNKED_HEAD);
      write(second, CHUNKED_HEAD);
      await().atMost(Duration.ofSeconds(5))
          .until(() -> guard.openConnections() == 2 && guard.idleConnections() == 0);
      Socket third = connect();

      String refused = exchange(third, GET);

      assertThat(refused).startsWith("HTTP/1.1 503 ").containsIgnoringCase("connection: close")
          .containsIgnoringCase("retry-after: 1").contains("too many connections to the test (limit 2)");
      third.setSoTimeout(5_000);
      assertThat(third.getInputStream().read()).as("refused connection closed").isEqualTo(-1);
      third.close();
      assertThat(exchange(first, "0\r\n\r\n")).as("existing connection served").startsWith("HTTP/1.1 200 ");
      assertThat(exchange(second, "0\r\n\r\n")).startsWith("HTTP/1.1 200 ");
    }
  }

  @Test
  void shouldCloseLeastRecentlyActiveIdleConnectionWhenAtTheCap() throws Exception {
    start(new ListenerLimits(Duration.ofSeconds(30), 2));
    try (Socket idle = connect(); Socket active = connect()) {
      await().atMost(Duration.ofSeconds(5)).until(() -> guard.openConnections() == 2);
      assertThat(exchange(active, GET)).startsWith("HTTP/1.1 200 ");

      try (Socket newest = connect()) {
        assertThat(exchange(newest, GET)).as("new connection served").startsWith("HTTP/1.1 200 ");
      }

      idle.setSoTimeout(5_000);
      assertThat(idle.getInputStream().read()).as("oldest idle connection closed").isEqualTo(-1);
      assertThat(exchange(active, GET)).as("recently active connection kept").startsWith("HTTP/1.1 200 ");
    }
  }

  private void start(ListenerLimits limits) throws InterruptedException {
    guard = new ConnectionGuard("test", limits);
    Channel server = new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast("http", new HttpServerCodec());
            guard.install(ch, "http");
            ch.pipeline().addLast(new HttpObjectAggregator(1024)).addLast(new Ok());
          }
        })
        .bind("127.0.0.1", 0)
        .sync()
        .channel();
    port = ((InetSocketAddress) server.localAddress()).getPort();
  }

  private Socket connect() throws IOException {
    return new Socket("127.0.0.1", port);
  }

  private static void write(Socket socket, String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
  }

  /** Writes {@code text} and reads one response (headers and its Content-Length body). */
  private static String exchange(Socket socket, String text) throws IOException {
    write(socket, text);
    socket.setSoTimeout(10_000);
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      while (true) {
        int b = in.read();
        if (b < 0) {
          break;
        }
        out.write(b);
        String sofar = out.toString(StandardCharsets.US_ASCII);
        int end = sofar.indexOf("\r\n\r\n");
        if (end >= 0) {
          int length = contentLength(sofar.substring(0, end));
          if (sofar.length() - end - 4 >= length) {
            break;
          }
        }
      }
    } catch (SocketTimeoutException e) {
      // Return what arrived; the assertion names what is missing.
    }
    return out.toString(StandardCharsets.US_ASCII);
  }

  private static int contentLength(String head) {
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) {
        return Integer.parseInt(line.substring("content-length:".length()).strip());
      }
    }
    return 0;
  }

  /** Answers every request 200 "ok". */
  private static final class Ok extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      FullHttpResponse response = new DefaultFullHttpResponse(
          HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.copiedBuffer("ok", StandardCharsets.US_ASCII));
      HttpUtil.setContentLength(response, 2);
      ctx.writeAndFlush(response);
    }
  }
}
