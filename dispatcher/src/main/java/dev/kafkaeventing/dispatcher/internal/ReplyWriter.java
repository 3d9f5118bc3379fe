package dev.kafkaeventing.dispatcher.internal;

import dev.kafkaeventing.core.CloudEventKafkaCodec;
import io.cloudevents.CloudEvent;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes subscribers' reply events to Kafka off the HTTP client's event loops. {@code
 * producer.send} may block for up to {@code max.block.ms} (metadata unavailable, buffer full);
 * called on an event loop it would stall every connection of that loop. So {@link #write} only
 * queues the write for one dedicated {@code reply-writer} thread, which calls {@code send} with a
 * callback; the returned future completes from that callback.
 *
 * <p>A write that fails, or finds the queue full, fails its future: the delivery attempt then
 * counts as failed and the event is delivered again, as for any reply that could not be written.
 *
 * <p>Thread-safe. Lifecycle: create, {@link #write} from any thread, {@link #close()} once; writes
 * after close fail.
 */
public final class ReplyWriter implements AutoCloseable {

  /** Replies waiting for the writer thread at most, beyond which writes fail at once. */
  public static final int DEFAULT_CAPACITY = 10_000;

  private static final Logger LOG = LoggerFactory.getLogger(ReplyWriter.class);

  private final Producer<byte[], byte[]> producer;
  private final ThreadPoolExecutor writer;
  private final int capacity;

  public ReplyWriter(Producer<byte[], byte[]> producer, int capacity) {
    this.producer = producer;
    this.capacity = capacity;
    this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(capacity), r -> {
      Thread thread = new Thread(r, "reply-writer");
      thread.setDaemon(true);
      return thread;
    });
  }

  /**
   * Queues the reply for {@code topic}. Never blocks.
   *
   * @return completes once Kafka acknowledged the record; fails when the write failed, the queue
   *     was full or the writer is closed
   */
  public CompletableFuture<Void> write(String topic, CloudEvent reply) {
    CompletableFuture<Void> written = new CompletableFuture<>();
    try {
      writer.execute(new Write(topic, reply, written));
    } catch (RejectedExecutionException full) {
      written.completeExceptionally(new RejectedExecutionException(writer.isShutdown()
          ? "reply writer is closed"
          : "reply writer queue full (" + capacity + " replies waiting for Kafka)"));
    }
    return written;
  }

  /** One queued write; {@link #run} runs on the reply-writer thread and may block in {@code send}. */
  private final class Write implements Runnable {
    private final String topic;
    private final CloudEvent reply;
    private final CompletableFuture<Void> written;

    Write(String topic, CloudEvent reply, CompletableFuture<Void> written) {
      this.topic = topic;
      this.reply = reply;
      this.written = written;
    }

    @Override
    public void run() {
      send(topic, reply, written);
    }
  }

  private void send(String topic, CloudEvent reply, CompletableFuture<Void> written) {
    try {
      producer.send(CloudEventKafkaCodec.toRecord(topic, reply), (metadata, error) -> {
        if (error != null) {
          written.completeExceptionally(error);
        } else {
          written.complete(null);
        }
      });
    } catch (RuntimeException e) {
      // send throws rather than calling back when it timed out waiting for metadata or buffer space.
      written.completeExceptionally(e);
    }
  }

  /** Replies waiting for the writer thread. */
  public int waiting() {
    return writer.getQueue().size();
  }

  /** Lets the queued writes run for up to {@code timeout}, then fails the rest. */
  public void close(Duration timeout) {
    writer.shutdown();
    try {
      if (!writer.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.info("{} reply writes still queued after {}; their events are delivered again", waiting(), timeout);
        failUnsent();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failUnsent();
    }
  }

  private void failUnsent() {
    for (Runnable unsent : writer.shutdownNow()) {
      if (unsent instanceof Write write) {
        write.written.completeExceptionally(new RejectedExecutionException("reply writer closed before the write"));
      }
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }
}
