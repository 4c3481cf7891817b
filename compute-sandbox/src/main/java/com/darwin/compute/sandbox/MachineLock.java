package com.darwin.compute.sandbox;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lock held by one thread of one process on the machine at a time: a file lock (which the kernel
 * releases when its process dies, so a killed JVM leaves nothing held) and, since a JVM can hold a
 * file's lock only once, a lock among this JVM's threads. One instance per file: a second channel
 * to the same file, once closed, would drop the process's lock on it.
 */
final class MachineLock {

  private static final Logger log = LoggerFactory.getLogger(MachineLock.class);

  private static final Map<Path, MachineLock> BY_FILE = new ConcurrentHashMap<>();

  static MachineLock of(Path file) {
    return BY_FILE.computeIfAbsent(file.toAbsolutePath().normalize(), MachineLock::new);
  }

  private final Path file;
  private final ReentrantLock threads = new ReentrantLock();

  private MachineLock(Path file) {
    this.file = file;
  }

  /** A lock held until closed. */
  interface Held extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Waits until no other thread or process holds the lock, then holds it. When the file cannot be
   * opened or locked, only this JVM's threads are kept apart (logged): the lock makes a sandbox's
   * start more reliable and must never be what stops it.
   */
  Held acquire() {
    if (threads.isHeldByCurrentThread()) {
      throw new IllegalStateException(file + " is already held by this thread");
    }
    threads.lock();
    FileChannel channel = null;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        log.info("Waiting for another process to release {}", file);
        lock = channel.lock();
      }
      FileChannel held = channel;
      FileLock fileLock = lock;
      return () -> {
        try (held) {
          fileLock.release();
        } catch (IOException e) {
          // Closing the channel (done by then) releases the lock in any case.
        } finally {
          threads.unlock();
        }
      };
    } catch (IOException | RuntimeException e) {
      log.warn("Cannot lock {} ({}); going on without it", file, e.toString());
      closeQuietly(channel);
      return threads::unlock;
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // nothing held to release
      }
    }
  }
}
