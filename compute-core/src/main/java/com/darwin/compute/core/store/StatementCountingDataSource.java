package com.darwin.compute.core.store;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The application's {@link DataSource}, with every statement created on a connection reported to
 * {@link SqlStatementCounter}: Hibernate's, Spring Data's and plain {@code JdbcTemplate}'s alike,
 * so a job's statement count is the whole of what it sent. A statement is counted when it is
 * prepared (a batch is one); what the driver sends by itself (autocommit, read-only, commit) is
 * counted apart ({@link SqlStatementCounter#transactionControls()}).
 */
public final class StatementCountingDataSource extends DelegatingDataSource {

  private static final Set<String> STATEMENT_FACTORIES =
      Set.of("prepareStatement", "prepareCall", "createStatement");

  /** Counted apart: what a transaction costs around its statements. */
  private static final Set<String> TRANSACTION_CONTROLS =
      Set.of("setAutoCommit", "setReadOnly", "commit", "rollback");

  public StatementCountingDataSource(DataSource target) {
    super(target);
  }

  @Override
  public Connection getConnection() throws SQLException {
    return counting(super.getConnection());
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return counting(super.getConnection(username, password));
  }

  private static Connection counting(Connection connection) {
    return (Connection)
        Proxy.newProxyInstance(
            StatementCountingDataSource.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "equals" -> {
                  return proxy == args[0];
                }
                case "hashCode" -> {
                  return System.identityHashCode(proxy);
                }
                case "toString" -> {
                  return "counting " + connection;
                }
                default -> {
                  if (STATEMENT_FACTORIES.contains(method.getName())) {
                    SqlStatementCounter.increment();
                  } else if (TRANSACTION_CONTROLS.contains(method.getName())) {
                    SqlStatementCounter.incrementTransactionControl();
                  }
                  try {
                    return method.invoke(connection, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                }
              }
            });
  }
}
