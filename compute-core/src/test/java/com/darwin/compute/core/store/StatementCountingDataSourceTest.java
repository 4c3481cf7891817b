package com.darwin.compute.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StatementCountingDataSourceTest {

  /** A connection that records what was called on it; statements are not needed here. */
  private final List<String> calls = new ArrayList<>();

  private final Connection connection =
      (Connection)
          Proxy.newProxyInstance(
              getClass().getClassLoader(),
              new Class<?>[] {Connection.class},
              (proxy, method, args) -> {
                calls.add(method.getName());
                if (method.getName().equals("commit")) {
                  throw new SQLTransientException("commit failed");
                }
                return zero(method.getReturnType());
              });

  private final DataSource counting =
      new StatementCountingDataSource(
          (DataSource)
              Proxy.newProxyInstance(
                  getClass().getClassLoader(),
                  new Class<?>[] {DataSource.class},
                  (proxy, method, args) ->
                      method.getName().equals("getConnection") ? connection : null));

  @AfterEach
  void stopCounting() {
    SqlStatementCounter.stop();
  }

  @Test
  void countsEveryStatementCreatedOnTheThreadWhileCounting() throws SQLException {
    Connection c = counting.getConnection();
    c.prepareStatement("SELECT 1"); // before counting starts: not counted
    SqlStatementCounter.start();
    c.prepareStatement("SELECT 1");
    c.prepareStatement("UPDATE t SET a = ?", Statement.RETURN_GENERATED_KEYS);
    c.createStatement();
    c.prepareCall("CALL p()");
    c.setAutoCommit(false); // the driver's own statement, not the application's
    assertThat(SqlStatementCounter.stop()).isEqualTo(4);
    assertThat(calls).containsSubsequence("prepareStatement", "prepareCall", "setAutoCommit");
  }

  @Test
  void otherThreadsAreNotCounted() throws Exception {
    SqlStatementCounter.start();
    Thread other =
        new Thread(
            () -> {
              try {
                counting.getConnection().prepareStatement("SELECT 1");
              } catch (SQLException e) {
                throw new IllegalStateException(e);
              }
            });
    other.start();
    other.join();
    assertThat(SqlStatementCounter.stop()).isZero();
  }

  @Test
  void theDriversExceptionsComeThroughUnwrapped() throws SQLException {
    Connection c = counting.getConnection();
    assertThatThrownBy(c::commit)
        .isInstanceOf(SQLTransientException.class)
        .hasMessage("commit failed");
  }

  @Test
  void everyMethodOfTheConnectionIsThePoolConnectionsOwn() throws Exception {
    Connection c = counting.getConnection();
    for (Method method : Connection.class.getMethods()) {
      if (Modifier.isStatic(method.getModifiers())) {
        continue;
      }
      calls.clear();
      Object[] arguments =
          Arrays.stream(method.getParameterTypes())
              .map(StatementCountingDataSourceTest::zero)
              .toArray();
      try {
        method.invoke(c, arguments);
      } catch (InvocationTargetException refused) {
        assertThat(refused.getCause()).isInstanceOf(SQLTransientException.class); // commit
      }
      assertThat(calls).as(method.toString()).containsExactly(method.getName());
    }
  }

  @Test
  void transactionControlsAreCountedApart() throws SQLException {
    Connection c = counting.getConnection();
    SqlStatementCounter.start();
    c.setAutoCommit(false);
    c.setReadOnly(true);
    c.rollback();
    c.prepareStatement("SELECT 1");
    assertThat(SqlStatementCounter.transactionControls()).isEqualTo(3);
    assertThat(SqlStatementCounter.stop()).isEqualTo(1);
  }

  private static Object zero(Class<?> type) {
    if (type == boolean.class) {
      return Boolean.FALSE;
    }
    if (type == int.class) {
      return 0;
    }
    return null;
  }

  @Test
  void aConnectionEqualsItselfOnly() throws SQLException {
    Connection first = counting.getConnection();
    Connection second = counting.getConnection();
    assertThat(first).isEqualTo(first).isNotEqualTo(second);
    assertThat(first.hashCode()).isEqualTo(System.identityHashCode(first));
  }
}
