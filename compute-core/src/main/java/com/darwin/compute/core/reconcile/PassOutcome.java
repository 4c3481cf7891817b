package com.darwin.compute.core.reconcile;

import java.time.Duration;

/** How one reconcile pass of one cluster ended, for the loop to act on. */
sealed interface PassOutcome {

  /** Converged as far as this pass can; the next change or watch event wakes it again. */
  record Done() implements PassOutcome {}

  /** Look again after a delay (the informer caches were not synced yet). */
  record RequeueAfter(Duration delay) implements PassOutcome {}

  /** The pass could not do its part; the loop retries with backoff. */
  record Failed(Throwable cause) implements PassOutcome {}

  PassOutcome DONE = new Done();
}
