package com.darwin.compute.core.search;

import java.util.Locale;

/** How a cluster's search document can differ from its row, as the audit finds it. */
public enum IndexDrift {
  /** The cluster has a row and no document: searches do not find it. */
  MISSING,
  /** The document shows other values than the row: searches filter and sort on old ones. */
  STALE,
  /** A document whose cluster has no row (deleted): searches show a cluster that is gone. */
  ORPHANED;

  /** Its name as a metric tag and in log lines. */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
