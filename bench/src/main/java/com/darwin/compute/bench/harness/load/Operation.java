package com.darwin.compute.bench.harness.load;

/** One timed unit of work. Throwing fails the whole run: no number comes from a failed request. */
@FunctionalInterface
public interface Operation {

  /**
   * @param index the operation's number, unique within its side of a comparison (warm-up included),
   *     e.g. to pick a cluster id or to name a new cluster
   */
  void run(int index) throws Exception;
}
