package dev.kafkaeventing.core;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of reading one Broker record back into a CloudEvent, as a dispatcher does for every record it
 * routes: a 1 KiB binary-mode event as the ingress writes it, plain and with Knative's
 * {@code knativekafkapartition}/{@code knativekafkaoffset} set. Not a test: run it with the
 * {@code jmh} profile (see README.md); {@code -Djmh.args="-prof gc"} adds the bytes allocated per
 * read.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class RecordDecodeBenchmark {

  private Headers headers;
  private byte[] value;
  private long offset;

  @Setup
  public void setUp() {
    byte[] data = new byte[1024];
    Arrays.fill(data, (byte) 'x');
    CloudEvent event = CloudEventBuilder.v1()
        .withId("8f4c1a52-5a8e-4e8d-9b7e-3f1e2d9c0b11")
        .withSource(URI.create("https://example.com/orders"))
        .withType("com.example.order.created")
        .withTime(OffsetDateTime.parse("2026-12-06T10:15:30.123Z"))
        .withExtension("benchsent", "1765016130123456789")
        .withData("application/octet-stream", data)
        .build();
    ProducerRecord<byte[], byte[]> record = CloudEventKafkaCodec.toRecord("knative-broker-ns-default", event);
    headers = record.headers();
    value = record.value();
  }

  @Benchmark
  public CloudEvent read() throws InvalidEventException {
    return CloudEventKafkaCodec.fromRecord(headers, null, value);
  }

  @Benchmark
  public CloudEvent readWithKnativeExtensions() throws InvalidEventException {
    return CloudEventKafkaCodec.fromRecord(headers, null, value,
        Map.of("knativekafkapartition", 1, "knativekafkaoffset", offset++));
  }
}
