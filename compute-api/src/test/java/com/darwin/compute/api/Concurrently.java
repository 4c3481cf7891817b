package com.darwin.compute.api;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/** The same call from several threads released together: how the race tests make their races. */
public final class Concurrently {

  private Concurrently() {}

  /** Calls {@code call} {@code times} times at once; the answers, in the order of the calls. */
  public static <T> List<T> call(int times, Supplier<T> call) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
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
              }));
    }
    go.countDown();
    List<T> answers = new ArrayList<>();
    for (CompletableFuture<T> c : calls) {
      answers.add(c.get());
    }
    return answers;
  }
}
