package com.darwin.compute.model.jupyter;

/** What happened to a Jupyter pod, on its timeline. */
public enum JupyterPodAction {
  /** Created for the warm pool. */
  CREATED_FOR_POOL,
  /** Created for a consumer, no free pod being there. */
  CREATED_FOR_CONSUMER,
  ATTACHED,
  /** Its Jupyter server answered its readiness probe. */
  READY,
  /** Its pod failed, or it stopped being ready. */
  FAILED,
  /** Its objects were applied again (they were missing or changed). */
  REPAIRED,
  RESTARTED,
  /** Recreated because its Jupyter server did not answer (or it did not start in time). */
  REPLACED,
  /** Deleted after its consumer left it idle; the consumer is released. */
  REAPED,
  /** Deleted as a surplus free pod of the pool. */
  SHRUNK,
  DELETED
}
