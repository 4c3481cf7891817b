package com.darwin.compute.core.config;

import com.darwin.compute.core.store.DatabaseOutage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.util.ErrorHandler;

/**
 * What a scheduled job's uncaught failure leaves in the log. Spring's handler writes a stack trace
 * each time; while the database is down every job fails that way at each of its intervals (about
 * 1,800 lines a minute in a helper's outage), so an unreachable database is one line per failure,
 * as is a lost race for a row; anything else keeps its stack trace.
 */
public final class ScheduledJobErrors implements ErrorHandler {

  private static final Logger log = LoggerFactory.getLogger(ScheduledJobErrors.class);

  @Override
  public void handleError(Throwable failure) {
    if (DatabaseOutage.isCauseOf(failure)) {
      log.warn("Scheduled job failed, the database is unreachable: {}", failure.toString());
    } else if (failure instanceof ConcurrencyFailureException) {
      // A row another transaction held past the lock wait timeout (a request's stop, an edit):
      // the job's next run takes it up again.
      log.warn("Scheduled job lost a race for a row: {}", failure.toString());
    } else {
      log.error("Scheduled job failed", failure);
    }
  }
}
