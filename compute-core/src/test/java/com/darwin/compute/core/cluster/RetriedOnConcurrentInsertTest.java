package com.darwin.compute.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLIntegrityConstraintViolationException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;

/** Which failures a command that may insert under a unique key runs again for. */
class RetriedOnConcurrentInsertTest {

  private final RetriedOnConcurrentInsert.LostRace lostRace =
      new RetriedOnConcurrentInsert.LostRace();

  private boolean retried(Throwable failure) {
    return lostRace.shouldRetry(null, failure);
  }

  private static DataIntegrityViolationException fromServer(String message) {
    return new DataIntegrityViolationException(
        "could not execute statement", new SQLIntegrityConstraintViolationException(message));
  }

  @Test
  void aUniqueKeyAnotherWriteTookFirstIsRetried() {
    assertThat(retried(fromServer("Duplicate entry 'rt-1' for key 'uk_runtimes_runtime'")))
        .isTrue();
    assertThat(retried(new DuplicateKeyException("duplicate"))).isTrue();
  }

  @Test
  void aLostOptimisticRaceIsRetried() {
    assertThat(retried(new OptimisticLockingFailureException("row was updated"))).isTrue();
  }

  @Test
  void aValueThatBreaksAnotherConstraintByItselfIsNot() {
    assertThat(retried(fromServer("Data too long for column 'ray_version' at row 1"))).isFalse();
    assertThat(retried(fromServer("Cannot add or update a child row: a foreign key constraint")))
        .isFalse();
    assertThat(retried(new IllegalStateException("Duplicate entry"))).isFalse();
  }
}
