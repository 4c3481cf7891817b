package com.darwin.compute.core.kube.apply;

/** Whether the control plane keeps an object of a kind as rendered, or only makes it exist. */
public enum UpdatePolicy {
  /** Created when missing and brought back to the rendered content when it differs. */
  KEEP_AS_RENDERED,
  /**
   * Created when missing, never updated nor deleted by the applier: a bound claim's spec is
   * immutable and a workspace claim outlives what mounts it.
   */
  CREATE_ONLY
}
