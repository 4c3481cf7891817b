package com.darwin.compute.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A lock held by one thread of one process on the machine at a time: a file lock (which the kernel
 * releases when its process dies, so a killed JVM leaves nothing held) and, since a JVM cannot hold
 * one file's lock twice, a lock among this JVM's own threads.
 */
final class MachineLock {

  /** Held around mariadb-install-db (see {@code EmbeddedMariaDb}). */
  static final MachineLock MARIADB_INSTALL =
      new MachineLock(
          Path.of(System.getProperty("java.io.tmpdir"), "darwin-sandbox-mariadb-install.lock"));

  private final Path file;
  private final ReentrantLock threads = new ReentrantLock();

  MachineLock(Path file) {
    this.file = file;
  }

  /** A lock held until closed. */
  interface Held extends AutoCloseable {
    @Override
    void close();
  }

  /** Waits until no other thread or process holds the lock, then holds it. */
  Held acquire() {
    threads.lock();
    try {
      FileChannel channel =
          FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.lock();
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
      return () -> {
        try {
          lock.release();
          channel.close();
        } catch (IOException e) {
          // Closing the channel releases the lock in any case.
        } finally {
          threads.unlock();
        }
      };
    } catch (IOException e) {
      threads.unlock();
      throw new UncheckedIOException("Cannot lock " + file, e);
    } catch (RuntimeException e) {
      threads.unlock();
      throw e;
    }
  }
}
