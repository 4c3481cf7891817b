package com.darwin.compute.sandbox;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIMULATED: the listening socket in front of a JDK HTTP server, which cannot switch a connection
 * to WebSocket. A WebSocket handshake is answered here, by the {@link Route}; every other request
 * goes on, byte for byte, to the HTTP server behind. Only what a simulated dashboard needs: text
 * messages out, the client's frames read and dropped, a close.
 */
final class WebSocketFront implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WebSocketFront.class);
  private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  private static final int MAX_HEAD = 64 * 1024;

  /** Serves one WebSocket handshake for {@code path}: refuses it, or accepts and sends. */
  @FunctionalInterface
  interface Route {
    void serve(String path, Session session) throws IOException, InterruptedException;
  }

  private final ServerSocket listening;
  private final InetSocketAddress backend;
  private final Route route;
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "simulated-websocket-front");
            t.setDaemon(true);
            return t;
          });

  private WebSocketFront(ServerSocket listening, InetSocketAddress backend, Route route) {
    this.listening = listening;
    this.backend = backend;
    this.route = route;
  }

  static WebSocketFront start(InetSocketAddress backend, Route route) throws IOException {
    ServerSocket listening = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    WebSocketFront front = new WebSocketFront(listening, backend, route);
    front.threads.execute(front::acceptLoop);
    return front;
  }

  int port() {
    return listening.getLocalPort();
  }

  private void acceptLoop() {
    while (!listening.isClosed()) {
      try {
        Socket client = listening.accept();
        client.setTcpNoDelay(true);
        threads.execute(() -> serve(client));
      } catch (IOException e) {
        if (!listening.isClosed()) {
          log.warn("[simulated dashboard] accept failed", e);
        }
      }
    }
  }

  /**
   * Serves one client connection. Each request head is read here (a pooled connection may carry
   * plain requests first and a handshake after them, as the JDK's client sends them); a plain
   * request goes on, with its body, to the HTTP server behind, whose answers flow back untouched; a
   * handshake takes the connection over.
   */
  private void serve(Socket client) {
    Socket server = null;
    AtomicBoolean handedOver = new AtomicBoolean();
    CountDownLatch answered = new CountDownLatch(1);
    try (client) {
      // Buffered: a request head is read a byte at a time, and each would be a system call.
      InputStream in = new BufferedInputStream(client.getInputStream());
      for (byte[] head; (head = readHead(in)) != null; ) {
        String[] lines = new String(head, ISO_8859_1).split("\r\n");
        String[] requestLine = lines[0].split(" ");
        Map<String, String> headers = headers(lines);
        if (requestLine.length == 3
            && requestLine[0].equals("GET")
            && "websocket".equalsIgnoreCase(headers.get("upgrade"))) {
          if (server != null) {
            // No answer is under way: the client asked again only after reading the last one.
            handedOver.set(true);
            server.close();
          }
          Session session = new Session(client, in, headers.get("sec-websocket-key"));
          try {
            route.serve(requestLine[1].split("\\?", 2)[0], session);
          } finally {
            session.close(1000);
          }
          return;
        }
        if (server == null) {
          server = connectBackend(client, handedOver, answered);
        }
        OutputStream toServer = server.getOutputStream();
        try {
          toServer.write(head);
          forwardBody(headers, in, toServer);
          toServer.flush();
        } catch (IOException e) {
          // The server answered early and stopped reading (or the client broke off): let its
          // answer reach the client before both are closed.
          answered.await(5, TimeUnit.SECONDS);
          throw e;
        }
      }
      if (server != null) {
        server.shutdownOutput();
        answered.await(1, TimeUnit.MINUTES);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      log.debug("[simulated dashboard] connection ended: {}", e.toString());
    } finally {
      if (server != null) {
        closeQuietly(server);
      }
    }
  }

  /** The request head up to its blank line, read byte by byte so nothing after it is taken. */
  private static byte[] readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
      if (head.size() > MAX_HEAD) {
        throw new IOException("request head over " + MAX_HEAD + " bytes");
      }
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toByteArray();
  }

  private static Map<String, String> headers(String[] lines) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(
            lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).strip());
      }
    }
    return headers;
  }

  /** A connection to the HTTP server behind, its answers copied to the client as they come. */
  private Socket connectBackend(Socket client, AtomicBoolean handedOver, CountDownLatch answered)
      throws IOException {
    Socket server = new Socket(backend.getAddress(), backend.getPort());
    server.setTcpNoDelay(true);
    threads.execute(
        () -> {
          try {
            server.getInputStream().transferTo(client.getOutputStream());
            if (!handedOver.get()) {
              client.shutdownOutput();
            }
          } catch (IOException e) {
            if (!handedOver.get()) {
              closeQuietly(client);
            }
          } finally {
            answered.countDown();
          }
        });
    return server;
  }

  /** Copies the request's body: {@code Content-Length} bytes, or chunks up to the last one. */
  private static void forwardBody(Map<String, String> headers, InputStream in, OutputStream out)
      throws IOException {
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      while (true) {
        String sizeLine = readLine(in);
        out.write((sizeLine + "\r\n").getBytes(ISO_8859_1));
        long size = Long.parseLong(sizeLine.split(";", 2)[0].strip(), 16);
        if (size == 0) {
          for (String trailer = readLine(in); ; trailer = readLine(in)) {
            out.write((trailer + "\r\n").getBytes(ISO_8859_1));
            if (trailer.isEmpty()) {
              return;
            }
          }
        }
        copy(in, out, size + 2); // the chunk and its CRLF
      }
    }
    String length = headers.get("content-length");
    if (length != null) {
      copy(in, out, Long.parseLong(length.strip()));
    }
  }

  private static void copy(InputStream in, OutputStream out, long bytes) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    for (long left = bytes; left > 0; ) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new IOException("the request body ended early");
      }
      out.write(buffer, 0, n);
      left -= n;
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("the request ended in a chunk line");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(ISO_8859_1);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing after a failure: nothing more to do
    }
  }

  @Override
  public void close() throws IOException {
    listening.close();
    threads.shutdownNow();
  }

  /** One WebSocket connection, server side. */
  static final class Session {
    private final Socket socket;
    private final InputStream in;
    private final String key;
    private final CountDownLatch clientClosed = new CountDownLatch(1);
    private boolean accepted;
    private boolean closed;

    private Session(Socket socket, InputStream in, String key) {
      this.socket = socket;
      this.in = in;
      this.key = key;
    }

    /** Answers the handshake with a plain HTTP error instead of switching. */
    synchronized void refuse(int status, String text) throws IOException {
      byte[] body = text.getBytes(UTF_8);
      String head =
          "HTTP/1.1 "
              + status
              + " Refused\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
              + body.length
              + "\r\nConnection: close\r\n\r\n";
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(ISO_8859_1));
      out.write(body);
      out.flush();
      closed = true;
    }

    /** Switches to WebSocket; from here on the client's frames are read (and dropped). */
    synchronized void accept() throws IOException {
      if (key == null) {
        refuse(400, "no Sec-WebSocket-Key");
        return;
      }
      String head =
          "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              + "Sec-WebSocket-Accept: "
              + acceptValue(key)
              + "\r\n\r\n";
      socket.getOutputStream().write(head.getBytes(ISO_8859_1));
      socket.getOutputStream().flush();
      accepted = true;
      Thread reader = new Thread(this::readClientFrames, "simulated-websocket-reader");
      reader.setDaemon(true);
      reader.start();
    }

    /** Whether the client is still there (it has neither closed nor left). */
    boolean open() {
      return accepted && clientClosed.getCount() > 0;
    }

    synchronized void sendText(String text) throws IOException {
      frame(0x1, text.getBytes(UTF_8));
    }

    /** Sends a close with {@code code} (once), waits briefly for the client's, then hangs up. */
    void close(int code) {
      synchronized (this) {
        if (closed || !accepted) {
          closed = true;
          return;
        }
        closed = true;
        try {
          frame(0x8, new byte[] {(byte) (code >> 8), (byte) code});
        } catch (IOException e) {
          return; // the client is gone already
        }
      }
      try {
        clientClosed.await(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** Drops the connection without a close frame, as a network failure would. */
    synchronized void hangUp() throws IOException {
      closed = true;
      socket.setSoLinger(true, 0);
      socket.close();
    }

    /** Server frames are never masked (RFC 6455 §5.1). */
    private void frame(int opcode, byte[] payload) throws IOException {
      ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 10);
      frame.write(0x80 | opcode);
      if (payload.length < 126) {
        frame.write(payload.length);
      } else if (payload.length < 65536) {
        frame.write(126);
        frame.write(payload.length >> 8);
        frame.write(payload.length);
      } else {
        frame.write(127);
        for (int shift = 56; shift >= 0; shift -= 8) {
          frame.write((int) ((long) payload.length >> shift));
        }
      }
      frame.write(payload);
      OutputStream out = socket.getOutputStream();
      frame.writeTo(out);
      out.flush();
    }

    private void readClientFrames() {
      try {
        DataInputStream in = new DataInputStream(this.in);
        while (true) {
          int first = in.readUnsignedByte();
          int second = in.readUnsignedByte();
          long length = second & 0x7f;
          if (length == 126) {
            length = in.readUnsignedShort();
          } else if (length == 127) {
            length = in.readLong();
          }
          if ((second & 0x80) != 0) {
            in.skipNBytes(4); // the mask: the payload is dropped unread
          }
          in.skipNBytes(length);
          if ((first & 0x0f) == 0x8) {
            return;
          }
        }
      } catch (IOException e) {
        // the client left without a close
      } finally {
        clientClosed.countDown();
      }
    }

    private static String acceptValue(String key) {
      try {
        byte[] sha1 =
            MessageDigest.getInstance("SHA-1").digest((key + ACCEPT_GUID).getBytes(ISO_8859_1));
        return Base64.getEncoder().encodeToString(sha1);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
