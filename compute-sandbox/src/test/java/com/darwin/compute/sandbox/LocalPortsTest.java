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
import java.util.random.RandomGenerator;
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
  void neverAKubernetesNodePortAndNoRandomChoiceWithoutRoom() {
    Random random = new Random(11);
    for (int i = 0; i < 1000; i++) {
      assertThat(LocalPorts.stablePort(40000, random, candidate -> true))
          .isBetween(LocalPorts.STABLE_LOW, LocalPorts.STABLE_HIGH - 1);
    }

    // With no room below the range: any free port, and no random pick below it.
    RandomGenerator none =
        new RandomGenerator() {
          @Override
          public long nextLong() {
            throw new AssertionError("picked at random with no room below the range");
          }
        };
    int port = LocalPorts.stablePort(LocalPorts.STABLE_LOW + 10, none, candidate -> true);
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
    int high = LocalPorts.stableHigh(low);
    if (LocalPorts.hasStableRoom(low)) {
      assertThat(first).isBetween(LocalPorts.STABLE_LOW, high - 1);
      assertThat(second).isBetween(LocalPorts.STABLE_LOW, high - 1);
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

    assertThat(LocalPorts.ephemeralLow()).isEqualTo(LocalPorts.parseEphemeralLow(line));
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
