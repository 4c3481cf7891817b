package com.darwin.compute.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 written by hand, for what {@link java.net.http.HttpClient} refuses to send: CONNECT and
 * TRACE, raw {@code %00} in a path, header values as UTF-8 bytes, bodies with invalid UTF-8.
 */
final class RawHttp {

  record Response(int status, String headers, String body) {}

  private RawHttp() {}

  static Response send(int port, String method, String target, String headers, byte[] body) {
    return send(port, method, target, headers, body, false);
  }

  /**
   * @param latin1Headers headers written one byte per char (to send bytes that are not UTF-8)
   */
  static Response send(
      int port, String method, String target, String headers, byte[] body, boolean latin1Headers) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      ByteArrayOutputStream request = new ByteArrayOutputStream();
      request.write(
          (method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      if (headers != null && !headers.isEmpty()) {
        request.write(
            headers.getBytes(latin1Headers ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8));
      }
      if (body != null) {
        request.write(
            ("Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
      }
      request.write("Connection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      if (body != null) {
        request.write(body);
      }
      out.write(request.toByteArray());
      out.flush();
      InputStream in = socket.getInputStream();
      String raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int headerEnd = raw.indexOf("\r\n\r\n");
      String head = headerEnd < 0 ? raw : raw.substring(0, headerEnd);
      String rest = headerEnd < 0 ? "" : raw.substring(headerEnd + 4);
      int status = Integer.parseInt(head.substring(9, 12));
      if (head.toLowerCase().contains("transfer-encoding: chunked")) {
        rest = unchunk(rest);
      }
      return new Response(status, head, rest);
    } catch (IOException e) {
      throw new IllegalStateException("raw HTTP call failed: " + e, e);
    }
  }

  static String unchunk(String chunked) {
    StringBuilder body = new StringBuilder();
    int i = 0;
    while (i < chunked.length()) {
      int lineEnd = chunked.indexOf("\r\n", i);
      if (lineEnd < 0) {
        break;
      }
      int size = Integer.parseInt(chunked.substring(i, lineEnd).trim(), 16);
      if (size == 0) {
        break;
      }
      body.append(chunked, lineEnd + 2, Math.min(chunked.length(), lineEnd + 2 + size));
      i = lineEnd + 2 + size + 2;
    }
    return body.toString();
  }
}
