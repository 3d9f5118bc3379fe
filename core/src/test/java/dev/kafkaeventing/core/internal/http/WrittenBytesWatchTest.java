package dev.kafkaeventing.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WrittenBytesWatchTest {

  @Test
  void shouldTellBytesWrittenWhenAWriteReachedTheSocket() {
    WrittenBytesWatch watch = new WrittenBytesWatch();
    EmbeddedChannel channel = new EmbeddedChannel(watch);

    ChannelFuture written = channel.writeAndFlush(Unpooled.copiedBuffer("POST / HTTP/1.1\r\n", StandardCharsets.US_ASCII));

    assertThat(written.isSuccess()).isTrue();
    assertThat(watch.anyWritten()).isTrue();
    watch.reset();
    assertThat(watch.anyWritten()).isFalse();
    assertThat(channel.finishAndReleaseAll()).isTrue();
  }

  @Test
  void shouldTellNothingWrittenWhenTheConnectionClosedBeforeTheWrite() {
    WrittenBytesWatch watch = new WrittenBytesWatch();
    EmbeddedChannel channel = new EmbeddedChannel(watch);
    channel.close();

    ChannelFuture written = channel.writeAndFlush(Unpooled.copiedBuffer("POST / HTTP/1.1\r\n", StandardCharsets.US_ASCII));

    assertThat(written.isSuccess()).isFalse();
    assertThat(watch.anyWritten()).isFalse();
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void shouldPassEmptyWritesThroughUnwatched() {
    WrittenBytesWatch watch = new WrittenBytesWatch();
    EmbeddedChannel channel = new EmbeddedChannel(watch);

    channel.writeAndFlush(Unpooled.EMPTY_BUFFER);

    assertThat(watch.anyWritten()).isFalse();
    channel.finishAndReleaseAll();
  }
}
