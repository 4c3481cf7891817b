package com.darwin.compute.core.podexec;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Collects a program's output, keeping its last {@code limit} bytes: a failing install's reason is
 * at the end of its log.
 */
final class TailBuffer extends OutputStream {

  private final byte[] ring;
  private long written;

  TailBuffer(int limit) {
    this.ring = new byte[Math.max(1, limit)];
  }

  @Override
  public synchronized void write(int b) {
    ring[(int) (written++ % ring.length)] = (byte) b;
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    for (int i = 0; i < len; i++) {
      write(b[off + i]);
    }
  }

  synchronized String text() {
    int size = (int) Math.min(written, ring.length);
    byte[] out = new byte[size];
    int start = (int) (written % ring.length);
    for (int i = 0; i < size; i++) {
      out[i] = ring[(written > ring.length ? start + i : i) % ring.length];
    }
    String text = new String(out, StandardCharsets.UTF_8);
    return written > ring.length
        ? "[... " + (written - ring.length) + " bytes cut]\n" + text
        : text;
  }
}
