package com.darwin.compute.core;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;

import java.util.function.Consumer;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/** A {@link TransactionTemplate} for unit tests: runs each callback at once, with no database. */
public final class TestingTransactions {

  private TestingTransactions() {}

  public static TransactionTemplate immediate() {
    TransactionTemplate tx = mock(TransactionTemplate.class);
    doAnswer(
            call -> {
              call.<Consumer<TransactionStatus>>getArgument(0).accept(null);
              return null;
            })
        .when(tx)
        .executeWithoutResult(any());
    return tx;
  }
}
