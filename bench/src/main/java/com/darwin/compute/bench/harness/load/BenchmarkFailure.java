package com.darwin.compute.bench.harness.load;

/** A benchmark could not be measured (a request failed, a result was wrong, setup timed out). */
public class BenchmarkFailure extends Exception {

  public BenchmarkFailure(String message) {
    super(message);
  }

  public BenchmarkFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
