package com.darwin.compute.sandbox;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntPredicate;
import java.util.random.RandomGenerator;

/** Free TCP ports on the loopback interface. */
final class LocalPorts {

  /** Linux's own default, for when the range cannot be read. */
  static final int DEFAULT_EPHEMERAL_LOW = 32768;

  /** The lowest port {@link #freeStablePort()} picks. */
  static final int STABLE_LOW = 20000;

  /**
   * The port {@link #freeStablePort()} stays below: Kubernetes' NodePorts start here, and a
   * kube-proxy on a developer's machine redirects them on 127.0.0.1 without a socket bound.
   */
  static final int STABLE_HIGH = 30000;

  private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
  private static final int ATTEMPTS = 50;

  private LocalPorts() {}

  /**
   * A port that was free a moment ago, from the kernel's ephemeral range. There is a small race
   * until the server binds it, which is acceptable for a development sandbox.
   */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free local port", e);
    }
  }

  /**
   * A free port for a server that is restarted on the same port (Elasticsearch after a stop or a
   * death), picked from 20000 up to the kernel's ephemeral range or 30000, whichever is lower. A
   * port from {@link #freePort()} is in that range, so while the server is down the kernel may hand
   * it to any other socket: the local end of an outgoing connection or another process's port 0.
   * The restart then cannot bind it, and the server stays down for every test after. Below the
   * range only an explicit bind takes it. Falls back to {@link #freePort()} when the range leaves
   * no room below it.
   */
  static int freeStablePort() {
    return freeStablePort(-1);
  }

  /** {@link #freeStablePort()}, and not {@code otherThan}. */
  static int freeStablePort(int otherThan) {
    return stablePort(
        ephemeralLow(), ThreadLocalRandom.current(), port -> port != otherThan && bindable(port));
  }

  static int stablePort(int ephemeralLow, RandomGenerator random, IntPredicate free) {
    if (hasStableRoom(ephemeralLow)) {
      for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        int port = random.nextInt(STABLE_LOW, stableHigh(ephemeralLow));
        if (free.test(port)) {
          return port;
        }
      }
    }
    int port = freePort();
    while (!free.test(port)) {
      port = freePort();
    }
    return port;
  }

  /** The first port above the stable ones: the ephemeral range's start or 30000. */
  static int stableHigh(int ephemeralLow) {
    return Math.min(ephemeralLow, STABLE_HIGH);
  }

  /** Whether there are enough stable ports to pick from at random (else port 0 it is). */
  static boolean hasStableRoom(int ephemeralLow) {
    return stableHigh(ephemeralLow) - STABLE_LOW >= 1000;
  }

  /** The ephemeral range's lower bound ("32768\t60999"), or Linux's default. */
  static int ephemeralLow() {
    // A line at a time: Files.readString returned only its first byte ("3"). /proc files report
    // a size of 0, so the JDK reads one byte, then asks from offset 1, where sysctl files end.
    try (BufferedReader reader = Files.newBufferedReader(EPHEMERAL_RANGE)) {
      return parseEphemeralLow(reader.readLine());
    } catch (IOException | RuntimeException e) {
      return DEFAULT_EPHEMERAL_LOW;
    }
  }

  static int parseEphemeralLow(String range) {
    int low = Integer.parseInt(range.trim().split("\\s+")[0]);
    if (low < 1 || low > 65535) {
      throw new IllegalArgumentException("Not a port range: " + range);
    }
    return low;
  }

  private static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
