package dev.kafkaeventing.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NettyTransportTest {

  @Test
  void shouldChooseNativeEpollWhenAskedOnLinuxX8664() {
    assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
        && System.getProperty("os.arch").matches("amd64|x86_64"));
    assertThat(NettyTransport.choose("epoll")).isEqualTo(NettyTransport.EPOLL);
    assertThat(NettyTransport.choose(" EPOLL ").socketChannel()).isEqualTo(EpollSocketChannel.class);
  }

  @Test
  void shouldUseNioByDefaultAndWhenAsked() {
    assertThat(NettyTransport.choose("")).isEqualTo(NettyTransport.NIO);
    assertThat(NettyTransport.choose(" NIO ")).isEqualTo(NettyTransport.NIO);
  }

  @Test
  void shouldNameThePropertyWhenTheForcedTransportIsUnknown() {
    assertThatThrownBy(() -> NettyTransport.choose("io_uring"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kafka-eventing.transport")
        .hasMessageContaining("io_uring");
  }

  @Test
  void shouldConnectAServerAndAClientOnEachTransport() throws Exception {
    for (NettyTransport transport : NettyTransport.values()) {
      if (transport == NettyTransport.EPOLL && NettyTransport.choose("epoll") != NettyTransport.EPOLL) {
        continue;
      }
      EventLoopGroup group = transport.newGroup(1, "transport-test-" + transport, true);
      try {
        CompletableFuture<Boolean> accepted = new CompletableFuture<>();
        Channel server = new ServerBootstrap().group(group).channel(transport.serverChannel())
            .childHandler(new ChannelInboundHandlerAdapter() {
              @Override
              public void channelActive(ChannelHandlerContext ctx) {
                accepted.complete(true);
              }
            })
            .bind("127.0.0.1", 0).sync().channel();
        int port = ((InetSocketAddress) server.localAddress()).getPort();
        Channel client = new Bootstrap().group(group).channel(transport.socketChannel())
            .handler(new ChannelInboundHandlerAdapter())
            .connect("127.0.0.1", port).sync().channel();
        assertThat(accepted.get(5, TimeUnit.SECONDS)).as(transport.name()).isTrue();
        client.close().sync();
        server.close().sync();
      } finally {
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
      }
    }
  }
}
