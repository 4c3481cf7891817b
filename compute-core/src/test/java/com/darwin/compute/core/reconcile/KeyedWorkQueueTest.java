package com.darwin.compute.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class KeyedWorkQueueTest {

  @Test
  void aKeyQueuedTwiceIsTakenOnce() throws Exception {
    KeyedWorkQueue queue = new KeyedWorkQueue();
    queue.add("a");
    queue.add("a");
    queue.add("b");
    assertThat(queue.size()).isEqualTo(2);
    assertThat(queue.take()).isEqualTo("a");
    assertThat(queue.take()).isEqualTo("b");
  }

  @Test
  void aKeyAddedWhileProcessingIsProcessedAgainAfterwardsNotConcurrently() throws Exception {
    KeyedWorkQueue queue = new KeyedWorkQueue();
    queue.add("a");
    assertThat(queue.take()).isEqualTo("a");
    queue.add("a"); // while "a" is processed
    CompletableFuture<String> second =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return queue.take();
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    Thread.sleep(200);
    assertThat(second).isNotDone();
    queue.done("a");
    assertThat(second.get(2, TimeUnit.SECONDS)).isEqualTo("a");
  }

  @Test
  void delayedKeysWaitAndAnEarlierRequestWins() throws Exception {
    KeyedWorkQueue queue = new KeyedWorkQueue();
    queue.addAfter("a", Duration.ofHours(1));
    queue.addAfter("a", Duration.ofMillis(10));
    long start = System.nanoTime();
    assertThat(queue.take()).isEqualTo("a");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }
}
