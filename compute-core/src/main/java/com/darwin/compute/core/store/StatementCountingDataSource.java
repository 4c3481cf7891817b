package com.darwin.compute.core.store;

import java.sql.Connection;
import java.sql.SQLException;
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

  public StatementCountingDataSource(DataSource target) {
    super(target);
  }

  @Override
  public Connection getConnection() throws SQLException {
    return new CountingConnection(super.getConnection());
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return new CountingConnection(super.getConnection(username, password));
  }
}
