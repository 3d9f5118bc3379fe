package dev.kafkaeventing.core;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class NettyTransportTest {

  @Test
  void shouldChooseNativeEpollWhenAskedOnLinuxX8664() {
    assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
        && System.getProperty("os.arch").matches("amd64|x86_64"));
    assertThat(NettyTransport.choose("epoll")).isEqualTo(NettyTransport.EPOLL);
    assertThat(NettyTransport.choose(" EPOLL ").socketChannel()).isEqualTo(EpollSocketChannel.class);
  }

  @Test
  void shouldFallBackToNioAndLogWhyWhenANativeTransportIsUnavailable() {
    Logger logger = (Logger) LoggerFactory.getLogger(NettyTransport.class);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    logger.addAppender(log);
    try {
      NettyTransport chosen = NettyTransport.nativeOrNio(NettyTransport.EPOLL, () -> false,
          () -> new UnsatisfiedLinkError("no netty_transport_native_epoll_aarch_64 in java.library.path"));

      assertThat(chosen).isEqualTo(NettyTransport.NIO);
      assertThat(log.list).singleElement().extracting(ILoggingEvent::getFormattedMessage).asString()
          .contains("-Dkafka-eventing.transport=epoll", "using nio", "no netty_transport_native_epoll_aarch_64");
    } finally {
      logger.detachAppender(log);
    }
  }

  @Test
  void shouldUseNioByDefaultAndWhenAsked() {
    assertThat(NettyTransport.choose("")).isEqualTo(NettyTransport.NIO);
    assertThat(NettyTransport.choose(" NIO ")).isEqualTo(NettyTransport.NIO);
  }

  @Test
  void shouldNameThePropertyWhenTheForcedTransportIsUnknown() {
    assertThatThrownBy(() -> NettyTransport.choose("kqueue"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kafka-eventing.transport")
        .hasMessageContaining("kqueue")
        .hasMessageContaining("epoll");
  }

  /**
   * The pattern the listeners rely on: a connection accepted with reading paused (as a handler that
   * pauses a client while its response is owed), bytes sent meanwhile, then reading resumed and an
   * answer written back.
   */
  @Test
  void shouldDeliverBytesSentWhileReadingWasPausedWhenReadingResumesOnEachTransport() throws Exception {
    for (NettyTransport transport : NettyTransport.values()) {
      if (transport != NettyTransport.NIO && NettyTransport.choose(transport.propertyValue()) != transport) {
        continue;
      }
      EventLoopGroup group = transport.newGroup(1, "transport-test-" + transport.propertyValue(), true);
      try {
        CompletableFuture<Channel> accepted = new CompletableFuture<>();
        CompletableFuture<String> serverRead = new CompletableFuture<>();
        CompletableFuture<String> clientRead = new CompletableFuture<>();
        Channel server = new ServerBootstrap().group(group).channel(transport.serverChannel())
            .childOption(ChannelOption.AUTO_READ, false)
            .childHandler(new ChannelInboundHandlerAdapter() {
              @Override
              public void channelActive(ChannelHandlerContext ctx) {
                accepted.complete(ctx.channel());
              }

              @Override
              public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ByteBuf bytes = (ByteBuf) msg;
                serverRead.complete(bytes.toString(US_ASCII));
                bytes.release();
                ctx.writeAndFlush(Unpooled.copiedBuffer("pong", US_ASCII)).addListener(ChannelFutureListener.CLOSE);
              }
            })
            .bind("127.0.0.1", 0).sync().channel();
        int port = ((InetSocketAddress) server.localAddress()).getPort();
        Channel client = new Bootstrap().group(group).channel(transport.socketChannel())
            .handler(new ChannelInboundHandlerAdapter() {
              @Override
              public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ByteBuf bytes = (ByteBuf) msg;
                clientRead.complete(bytes.toString(US_ASCII));
                bytes.release();
              }
            })
            .connect("127.0.0.1", port).sync().channel();
        Channel child = accepted.get(5, TimeUnit.SECONDS);
        client.writeAndFlush(Unpooled.copiedBuffer("ping", US_ASCII)).sync();
        boolean readWhilePaused = serverRead.isDone();

        child.config().setAutoRead(true);

        assertThat(readWhilePaused).as(transport.propertyValue()).isFalse();
        assertThat(serverRead.get(5, TimeUnit.SECONDS)).as(transport.propertyValue()).isEqualTo("ping");
        assertThat(clientRead.get(5, TimeUnit.SECONDS)).as(transport.propertyValue()).isEqualTo("pong");
        assertThat(client.closeFuture().await(5, TimeUnit.SECONDS)).as(transport.propertyValue()).isTrue();
        server.close().sync();
      } finally {
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
      }
    }
  }
}
