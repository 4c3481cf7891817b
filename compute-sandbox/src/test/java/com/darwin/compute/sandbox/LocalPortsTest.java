package com.darwin.compute.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LocalPortsTest {

  @Test
  void aStablePortIsBelowTheEphemeralRangeAndFree() {
    Set<Integer> tried = new HashSet<>();

    int port =
        LocalPorts.stablePort(
            32768,
            new Random(7),
            candidate -> {
              tried.add(candidate);
              return tried.size() > 3; // the first three candidates are taken
            });

    assertThat(port).isBetween(LocalPorts.STABLE_LOW, 32767);
    assertThat(tried).hasSize(4).contains(port);
  }

  @Test
  void withNoRoomBelowTheRangeItFallsBackToAnyFreePort() {
    int port = LocalPorts.stablePort(LocalPorts.STABLE_LOW + 10, new Random(7), candidate -> true);

    assertThat(port).isPositive();
    assertThat(bindable(port)).isTrue();
  }

  @Test
  void onThisMachineTheRealOneIsBindableAndNotTheOtherPort() {
    int first = LocalPorts.freeStablePort();
    int second = LocalPorts.freeStablePort(first);

    assertThat(second).isNotEqualTo(first);
    assertThat(bindable(first)).isTrue();
    int low = LocalPorts.ephemeralLow();
    if (low - LocalPorts.STABLE_LOW >= 1000) {
      assertThat(first).isBetween(LocalPorts.STABLE_LOW, low - 1);
      assertThat(second).isBetween(LocalPorts.STABLE_LOW, low - 1);
    }
  }

  @Test
  void readsTheRangesLowerBound() {
    assertThat(LocalPorts.parseEphemeralLow("32768\t60999\n")).isEqualTo(32768);
    assertThat(LocalPorts.parseEphemeralLow(" 1024 65535")).isEqualTo(1024);
    assertThatThrownBy(() -> LocalPorts.parseEphemeralLow("0 60999"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readsThisMachinesRangeWhole() throws Exception {
    Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    assumeTrue(Files.isReadable(range), "no " + range + " here");
    String line;
    try (BufferedReader reader = Files.newBufferedReader(range)) {
      line = reader.readLine();
    }

    assertThat(LocalPorts.ephemeralLow()).isEqualTo(Integer.parseInt(line.trim().split("\\s+")[0]));
  }

  private static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
