package com.darwin.compute.bench.harness;

import com.darwin.compute.ComputeApplication;
import com.darwin.compute.api.aot.StartupClasses;
import com.darwin.compute.sandbox.Sandbox;
import com.darwin.compute.sandbox.spring.SandboxEnvironmentPostProcessor;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service alone in its own JVM, as in production: pointed at the running sandbox's MariaDB,
 * Elasticsearch and Kubernetes API (which stay in the harness's processes), with the JVM flags of
 * the Dockerfile ({@code ENV JAVA_OPTS}, read from it) under the Helm chart's memory limit ({@code
 * -XX:MaxRAM} stands in for the container's limit, which the JVM would read from its cgroup), and
 * its class data sharing archive made the way the Dockerfile makes it: a training run of the {@code
 * cds-training} profile that exits once the context is refreshed. For B6: time to healthy and
 * resident memory after load, without the sandbox and the load generator sharing the process.
 */
public final class ServiceProcess implements AutoCloseable {

  /**
   * The Helm chart's memory limit ({@code resources.limits.memory}). 512m until the chart raised it
   * (B6's rounds before then ran under 512m; the heap stays near its live set either way, so its
   * resident memory is comparable).
   */
  public static final String CHART_MEMORY_LIMIT = "-XX:MaxRAM=768m";

  private static final Pattern JAVA_OPTS = Pattern.compile("^ENV JAVA_OPTS=\"([^\"]*)\"");

  private static final Pattern SPRING_AOT = Pattern.compile("^ENV SPRING_AOT_ENABLED=(\\S+)");

  /**
   * The Dockerfile's {@code JAVA_OPTS} under the chart's limit, and its entrypoint's {@code
   * -Dspring.aot.enabled} (from its {@code ENV SPRING_AOT_ENABLED}): the image starts from Spring
   * AOT's generated context, which the harness's class path holds too (compute-api's jar).
   */
  public static final List<String> JVM_FLAGS = jvmFlags();

  private static List<String> jvmFlags() {
    Path dockerfile = Path.of(System.getProperty("user.dir"), "Dockerfile");
    List<String> all = new ArrayList<>();
    all.add(CHART_MEMORY_LIMIT);
    try {
      List<String> lines = Files.readAllLines(dockerfile);
      lines.stream()
          .map(line -> SPRING_AOT.matcher(line.strip()))
          .filter(Matcher::find)
          .findFirst()
          .ifPresent(aot -> all.add("-Dspring.aot.enabled=" + aot.group(1)));
      for (String line : lines) {
        Matcher flags = JAVA_OPTS.matcher(line.strip());
        if (flags.find()) {
          all.addAll(List.of(flags.group(1).trim().split("\\s+")));
          return List.copyOf(all);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("the harness runs from the repository root: " + dockerfile, e);
    }
    throw new IllegalStateException(dockerfile + " has no ENV JAVA_OPTS=\"...\" line");
  }

  private final Process process;
  private final ServiceApi api;
  private final long healthyMillis;
  private final Path log;

  private final long readyMillis;
  private final long trainingMillis;
  private final Path archive;
  private final long healthyCpuMillis;

  private ServiceProcess(
      Process process,
      ServiceApi api,
      long healthyMillis,
      long readyMillis,
      long trainingMillis,
      Path log,
      Path archive,
      long healthyCpuMillis) {
    this.process = process;
    this.api = api;
    this.healthyMillis = healthyMillis;
    this.readyMillis = readyMillis;
    this.trainingMillis = trainingMillis;
    this.log = log;
    this.archive = archive;
    this.healthyCpuMillis = healthyCpuMillis;
  }

  private static List<String> java() {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_FLAGS);
    return command;
  }

  /**
   * The Dockerfile's training run: the application with the {@code cds-training} profile (which
   * connects to nothing) refreshed once, the classes it loaded archived at exit.
   */
  private static Path train(Path log) throws Exception {
    Path archive = Files.createTempFile("bench-service-alone-", ".jsa");
    Files.delete(archive);
    List<String> command = java();
    command.add("-XX:ArchiveClassesAtExit=" + archive);
    command.add("-Dspring.context.exit=onRefresh");
    command.add("-D" + StartupClasses.TRAINING_PROPERTY + "=true");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ComputeApplication.class.getName());
    command.add("--spring.profiles.active=cds-training");
    command.add("--sandbox.enabled=false");
    command.add("--spring.main.banner-mode=off");
    command.add("--logging.level.root=WARN");
    Process training =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .directory(new File(System.getProperty("user.dir")))
            .start();
    // A harness ended meanwhile (its watchdog, a signal) takes the training run with it, as it
    // takes the measured service: a run cut short leaves no JVM behind, nor an archive (a training
    // run ended by a signal still writes it on the way out, so it is deleted after).
    Thread stop = stopAndDeleteOnExit(training, archive, "bench-training-run-stop");
    try {
      if (!training.waitFor(5, TimeUnit.MINUTES)) {
        training.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        Files.deleteIfExists(archive);
        throw new IllegalStateException("the training run did not end in 5 min; see " + log);
      }
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(stop);
      } catch (IllegalStateException shuttingDown) {
        // The hook runs, or ran.
      }
    }
    if (training.exitValue() != 0 || !Files.exists(archive)) {
      Files.deleteIfExists(archive); // what a failed dump wrote of it
      throw new IllegalStateException(
          "the training run exited with " + training.exitValue() + "; see " + log);
    }
    return archive;
  }

  /**
   * Has this JVM's exit {@link #stopAndDelete} the process and its archive, or does it now when the
   * exit has begun already (and rethrows).
   *
   * @return the hook, for removing it once the process has ended on its own
   */
  private static Thread stopAndDeleteOnExit(Process process, Path archive, String name) {
    Thread stop = new Thread(() -> stopAndDelete(process, archive), name);
    try {
      Runtime.getRuntime().addShutdownHook(stop);
    } catch (IllegalStateException shuttingDown) {
      stopAndDelete(process, archive);
      throw shuttingDown;
    }
    return stop;
  }

  /**
   * Ends the JVM (the service's graceful shutdown waits on a sandbox going down beside it: cut
   * short after 10 s) and deletes the archive it made or used.
   */
  private static void stopAndDelete(Process process, Path archive) {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
      Files.deleteIfExists(archive);
    } catch (Exception e) {
      // Ending anyway: what is left is the temporary folder's to clear.
    }
  }

  /** Starts it and waits for its first {@code GET /health} 200. */
  public static ServiceProcess start(Sandbox sandbox) throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Path log = Files.createTempFile("bench-service-alone-", ".log");
    long trainingBegin = System.nanoTime();
    Path archive = train(log);
    long trainingMillis = (System.nanoTime() - trainingBegin) / 1_000_000;
    long begin;
    Process process;
    try {
      List<String> command = java();
      command.add("-XX:SharedArchiveFile=" + archive);
      // For looking inside a start-up (a profiler agent, a JFR recording): the measured JVM only.
      String extra = System.getProperty("bench.alone.jvm-args", "").strip();
      if (!extra.isEmpty()) {
        command.addAll(List.of(extra.split("\\s+")));
      }
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add(ComputeApplication.class.getName());
      command.add("--server.port=" + port);
      command.add("--sandbox.enabled=false");
      SandboxEnvironmentPostProcessor.properties(sandbox)
          .forEach((name, value) -> command.add("--" + name + "=" + value));
      command.add("--compute.security.mode=header");
      command.add("--compute.security.header.trusted-proxies=127.0.0.1/32");
      command.add("--compute.reconciler.instance-id=bench-alone");
      command.add("--compute.termination.enabled=false");
      command.add("--spring.main.banner-mode=off");
      command.add("--logging.level.root=WARN");
      begin = System.nanoTime();
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .directory(new File(System.getProperty("user.dir")))
              .start();
    } catch (Exception e) {
      Files.deleteIfExists(archive);
      throw e;
    }
    // A harness ended by its watchdog or a signal takes the service with it, and its archive (over
    // a hundred megabytes, left in the temporary folder by every run cut short); a start that
    // fails after this leaves the archive to this hook too. The log stays: the failure names it.
    stopAndDeleteOnExit(process, archive, "bench-service-alone-stop");
    ServiceApi api = new ServiceApi("http://127.0.0.1:" + port);
    long deadline = System.nanoTime() + 180_000_000_000L;
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the service alone exited with " + process.exitValue() + "; see " + log);
      }
      try {
        api.get("/health");
        break;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          process.destroyForcibly();
          throw new IllegalStateException("the service alone was not healthy in 180 s; see " + log);
        }
        ServiceUnderTest.sleep(20);
      }
    }
    long healthy = System.nanoTime();
    long healthyCpu = cpuMillis(process.pid());
    // Readiness (MySQL reachable and the context fully started, deferred repositories included).
    while (true) {
      try {
        api.get("/readyz");
        break;
      } catch (IOException e) {
        if (System.nanoTime() > deadline || !process.isAlive()) {
          process.destroyForcibly();
          throw new IllegalStateException("the service alone was not ready in 180 s; see " + log);
        }
        ServiceUnderTest.sleep(20);
      }
    }
    return new ServiceProcess(
        process,
        api,
        (healthy - begin) / 1_000_000,
        (System.nanoTime() - begin) / 1_000_000,
        trainingMillis,
        log,
        archive,
        healthyCpu);
  }

  /**
   * User plus system CPU time of a process so far, from /proc/PID/stat (clock ticks of 10 ms), or
   * -1 when it cannot be read. On a shared machine the wall time to healthy moves with the load;
   * the CPU the start-up needed much less.
   */
  static long cpuMillis(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      // Fields after the command name (which may hold spaces), from the last ')'.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  public ServiceApi api() {
    return api;
  }

  /** From starting the JVM to the first {@code GET /health} 200. */
  public long healthyMillis() {
    return healthyMillis;
  }

  /** From starting the JVM to the first {@code GET /readyz} 200. */
  public long readyMillis() {
    return readyMillis;
  }

  /** CPU time (user + system) the process had used when it was first healthy. */
  public long healthyCpuMillis() {
    return healthyCpuMillis;
  }

  /** The class data sharing training run (before the JVM measured was started). */
  public long trainingMillis() {
    return trainingMillis;
  }

  public long pid() {
    return process.pid();
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    Files.deleteIfExists(log);
    Files.deleteIfExists(archive);
  }
}
