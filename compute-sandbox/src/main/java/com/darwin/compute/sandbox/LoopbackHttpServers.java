package com.darwin.compute.sandbox;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** The JDK HTTP servers behind the simulated endpoints, on 127.0.0.1 and a free port. */
final class LoopbackHttpServers {

  private LoopbackHttpServers() {}

  static HttpServer create() throws IOException {
    // With Nagle's algorithm on, each small answer of the JDK server waits for the client's
    // delayed ACK (~40 ms on Linux): a simulated dashboard would answer ~25 requests a second per
    // connection and the simulator, not the service, would set every timing. The JDK reads this
    // once, when its first server starts.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    return HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
  }
}
