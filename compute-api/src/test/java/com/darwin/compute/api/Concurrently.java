package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/** The same call from several threads released together: how the race tests make their races. */
public final class Concurrently {

  private Concurrently() {}

  /**
   * Calls {@code call} {@code times} times at once, each on a thread of its own (the common pool
   * may have fewer); the answers, in the order of the calls.
   */
  public static <T> List<T> call(int times, Supplier<T> call) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(times);
    try {
      List<CompletableFuture<T>> calls = new ArrayList<>();
      for (int i = 0; i < times; i++) {
        calls.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    go.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  return call.get();
                },
                threads));
      }
      go.countDown();
      List<T> answers = new ArrayList<>();
      for (CompletableFuture<T> c : calls) {
        answers.add(c.get());
      }
      return answers;
    } finally {
      threads.shutdown();
    }
  }

  /**
   * Answers to the same removal sent at once: one removed it and every other found it gone, as a
   * removal sent after it would (a 404, not a 409 for a lost race, not a 500).
   */
  public static void assertOneRemovedAndTheRestFoundItGone(List<Api.Response> answers) {
    List<Integer> statuses = new ArrayList<>();
    for (Api.Response r : answers) {
      assertThat(r.status()).as(r.raw()).isIn(200, 404);
      statuses.add(r.status());
    }
    assertThat(statuses).containsOnlyOnce(200);
  }
}
