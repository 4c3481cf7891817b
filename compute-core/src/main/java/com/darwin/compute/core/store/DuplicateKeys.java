package com.darwin.compute.core.store;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;

/** Tells a unique key another write took first from the other constraints a write can break. */
public final class DuplicateKeys {

  private DuplicateKeys() {}

  /** Whether the violation is of a unique key (MariaDB's "Duplicate entry"). */
  public static boolean isDuplicate(DataIntegrityViolationException e) {
    // Through Hibernate, Spring translates MariaDB's error 1062 to the general exception, with the
    // server's message; only some JDBC paths give the DuplicateKeyException subtype.
    return e instanceof DuplicateKeyException
        || String.valueOf(e.getMostSpecificCause().getMessage()).contains("Duplicate entry");
  }
}
