package com.darwin.compute.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class EmbeddedMariaDbTest {

  @Test
  void servesTheApplicationDatabaseThroughConnectorJ() throws Exception {
    EmbeddedMariaDb db = TestSandbox.get().database();

    assertThat(db.isEmbedded()).isTrue();
    assertThat(db.jdbcUrl())
        .startsWith("jdbc:mysql://127.0.0.1:" + db.port().orElseThrow() + "/darwin_compute")
        .endsWith("?createDatabaseIfNotExist=true&sslMode=DISABLED");
    try (Connection connection =
            DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT VERSION(), DATABASE()")) {
      assertThat(result.next()).isTrue();
      assertThat(result.getString(1)).contains("MariaDB");
      assertThat(result.getString(2)).isEqualTo("darwin_compute");
    }
    // Loopback: no TLS on the sandbox's connections.
    try (Connection connection =
            DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SHOW SESSION STATUS LIKE 'Ssl_cipher'")) {
      assertThat(result.next()).isTrue();
      assertThat(result.getString(2)).isEmpty();
    }
  }

  @Test
  void keepsItsDataInADirectoryOfItsOwnAndSharesTheUnpackedBinaries() throws Exception {
    EmbeddedMariaDb db = TestSandbox.get().database();

    Path work = db.workDirectory().orElseThrow();
    assertThat(work.getFileName().toString()).startsWith("darwin-mariadb-");
    assertThat(work.resolve("data")).isDirectory();
    Path binaries = db.binariesDirectory().orElseThrow();
    assertThat(binaries.getFileName().toString()).startsWith("darwin-sandbox-mariadb-");
    assertThat(binaries.startsWith(work)).as("binaries outside %s", work).isFalse();
    assertThat(binaries.resolve("bin/mariadbd")).isExecutable();

    EmbeddedMariaDb second = EmbeddedMariaDb.start(null);
    try {
      assertThat(second.binariesDirectory()).contains(binaries);
      assertThat(second.workDirectory().orElseThrow()).isNotEqualTo(work);
      // Started without TLS: MariaDB 11.4 would otherwise make an RSA key at every start.
      try (Connection connection =
              DriverManager.getConnection(second.jdbcUrl(), second.username(), second.password());
          Statement statement = connection.createStatement();
          ResultSet result = statement.executeQuery("SHOW GLOBAL VARIABLES LIKE 'have_ssl'")) {
        assertThat(result.next()).isTrue();
        assertThat(result.getString(2)).isEqualTo("DISABLED");
      }
    } finally {
      second.stop();
    }
    assertThat(second.workDirectory().orElseThrow()).doesNotExist();
    assertThat(binaries.resolve("bin/mariadbd")).isExecutable();
  }

  @Test
  void anInstallLeavesTheTemporaryFilesOfTheMachineAlone() throws Exception {
    // A MariaDB server deletes the "#sql*" files of its temporary directory when it starts: this
    // one stands for another server's temporary table in the directory an installer without one
    // of its own would use.
    String machineTmp = System.getenv(SandboxDb.TMPDIR);
    Path directory = Path.of(machineTmp == null || machineTmp.isBlank() ? "/tmp" : machineTmp);
    Path someoneElses = Files.createTempFile(directory, "#sql-darwin-test-", ".MAI");
    try {
      EmbeddedMariaDb server = EmbeddedMariaDb.start(null);
      server.stop();

      assertThat(someoneElses).exists();
    } finally {
      Files.deleteIfExists(someoneElses);
    }
  }

  @Test
  void anExternalUrlStartsNothing() {
    String url = "jdbc:mysql://db.example:3306/darwin_compute";

    EmbeddedMariaDb external = EmbeddedMariaDb.start(url);

    assertThat(external.isEmbedded()).isFalse();
    assertThat(external.jdbcUrl()).isEqualTo(url);
    assertThat(external.port()).isEmpty();
    external.stop(); // no-op, must not throw
  }
}
