package dev.kafkaeventing.core;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A socket-level HTTP/1.1 server for tests that need to misbehave: each accepted connection is handed to a
 * script that reads requests and writes raw bytes (or closes) as it likes.
 */
final class RawHttpServer implements AutoCloseable {

  /** What to do with one connection; {@code index} counts connections from 0. */
  interface Script {
    void run(int index, Socket socket, Connection connection) throws IOException;
  }

  /** Reads requests from and writes responses to one connection. */
  static final class Connection {
    private final InputStream in;
    private final OutputStream out;

    Connection(Socket socket) throws IOException {
      this.in = socket.getInputStream();
      this.out = socket.getOutputStream();
    }

    /** Reads one request (head and Content-Length body); returns null at end of stream. */
    String readRequest() throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int matched = 0;
      int b;
      while (matched < 4 && (b = in.read()) != -1) {
        head.write(b);
        matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
      }
      if (matched < 4) {
        return null;
      }
      String text = head.toString(StandardCharsets.ISO_8859_1);
      int length = 0;
      for (String line : text.split("\r\n")) {
        if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(line.substring(15).trim());
        }
      }
      in.readNBytes(length);
      return text;
    }

    void write(String raw) throws IOException {
      out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    }

    void writeOk(String body) throws IOException {
      write("HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
    }
  }

  private final ServerSocket serverSocket;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final CopyOnWriteArrayList<Socket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicInteger accepted = new AtomicInteger();

  RawHttpServer(Script script) throws IOException {
    serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    executor.execute(() -> acceptLoop(script));
  }

  private void acceptLoop(Script script) {
    while (!serverSocket.isClosed()) {
      try {
        Socket socket = serverSocket.accept();
        sockets.add(socket);
        int index = accepted.getAndIncrement();
        executor.execute(() -> {
          try (socket) {
            script.run(index, socket, new Connection(socket));
          } catch (IOException ignored) {
            // The client went away; nothing to record.
          }
        });
      } catch (IOException closed) {
        return;
      }
    }
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + serverSocket.getLocalPort() + path);
  }

  int connections() {
    return accepted.get();
  }

  @Override
  public void close() throws IOException {
    serverSocket.close();
    for (Socket socket : sockets) {
      socket.close();
    }
    executor.shutdownNow();
  }
}
