package dev.kafkaeventing.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkaeventing.core.HttpClientConfig;
import dev.kafkaeventing.core.HttpRequest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConnectionPoolTest {

  @Test
  void shouldCloseAConnectionWhenItStaysUnusedLongerThanTheIdleTime() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        HttpTransport transport = new HttpTransport(
            new HttpClientConfig(1, 2, Duration.ofSeconds(2), 1024), Duration.ofMillis(200))) {
      URI uri = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/");
      CompletableFuture<Integer> status = new CompletableFuture<>();
      transport.send(HttpRequest.get(uri, null, Duration.ofSeconds(5)), (response, failure) -> {
        if (failure == null) {
          status.complete(response.status());
        } else {
          status.completeExceptionally(failure);
        }
      });

      try (Socket socket = server.accept()) {
        socket.setSoTimeout(5_000);
        BufferedReader in =
            new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        while (!in.readLine().isEmpty()) {
          // the request head; a GET has no body
        }
        OutputStream out = socket.getOutputStream();
        out.write("HTTP/1.1 204 No Content\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        long answered = System.nanoTime();

        assertThat(status.get(5, TimeUnit.SECONDS)).isEqualTo(204);
        assertThat(in.read()).isEqualTo(-1);
        assertThat(Duration.ofNanos(System.nanoTime() - answered))
            .isBetween(Duration.ofMillis(150), Duration.ofSeconds(3));
      }
    }
  }

  @Test
  void shouldOpenAsManyConnectionsAsItsHoldersReservedWhenThatIsMoreThanTheConfiguredMaximum() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        HttpTransport transport = new HttpTransport(new HttpClientConfig(1, 2, Duration.ofSeconds(2), 1024))) {
      URI uri = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/");
      server.setSoTimeout(5_000);
      transport.reserveConnections(uri, "route-a", 3);
      transport.reserveConnections(uri, "route-b", 2);

      List<Socket> accepted = new ArrayList<>();
      try {
        for (int i = 0; i < 5; i++) {
          transport.send(HttpRequest.get(uri, null, Duration.ofSeconds(10)), (response, failure) -> { });
        }
        // Five requests unanswered: each needs its own connection; two would be the configured maximum.
        for (int i = 0; i < 5; i++) {
          accepted.add(server.accept());
        }

        assertThat(accepted).hasSize(5);
        assertThat(transport.maxConnections(uri)).isEqualTo(5);
        transport.reserveConnections(uri, "route-a", 0);
        transport.reserveConnections(uri, "route-b", 0);
        assertThat(transport.maxConnections(uri)).isEqualTo(2);
      } finally {
        for (Socket socket : accepted) {
          socket.close();
        }
      }
    }
  }

  @Test
  void shouldConnectWaitingRequestsWhenAReservationRaisesTheMaximum() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        HttpTransport transport = new HttpTransport(new HttpClientConfig(1, 1, Duration.ofSeconds(2), 1024))) {
      URI uri = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/");
      server.setSoTimeout(5_000);
      List<Socket> accepted = new ArrayList<>();
      try {
        transport.send(HttpRequest.get(uri, null, Duration.ofSeconds(10)), (response, failure) -> { });
        transport.send(HttpRequest.get(uri, null, Duration.ofSeconds(10)), (response, failure) -> { });
        accepted.add(server.accept());

        transport.reserveConnections(uri, "route", 2);

        accepted.add(server.accept());
        assertThat(accepted).hasSize(2);
      } finally {
        for (Socket socket : accepted) {
          socket.close();
        }
      }
    }
  }
}
