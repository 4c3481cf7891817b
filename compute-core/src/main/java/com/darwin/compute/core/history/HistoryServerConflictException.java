package com.darwin.compute.core.history;

import com.darwin.compute.core.domain.ClusterConflictException;

/** The change does not fit the server's state: stop a stopped one, delete a running one (409). */
public class HistoryServerConflictException extends ClusterConflictException {
  public HistoryServerConflictException(String message) {
    super(message);
  }
}
