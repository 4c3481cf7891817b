package com.darwin.compute.cli;

import com.darwin.compute.model.common.FieldError;
import com.darwin.compute.sdk.ComputeClient;
import com.darwin.compute.sdk.ComputeException;
import com.darwin.compute.sdk.yaml.ClusterYamlException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code compute}: Darwin Compute clusters from a terminal or a script. Results go to stdout,
 * progress and errors to stderr, and the exit code says what happened ({@link ExitCodes}).
 */
@Command(
    name = "compute",
    mixinStandardHelpOptions = true,
    version = "compute 0.1.0",
    description = "Create, follow and remove Darwin Compute (Ray) clusters.",
    footer = {"", ExitCodes.HELP},
    subcommands = {
      CreateCommand.class,
      ListCommand.class,
      GetCommand.class,
      StatusCommand.class,
      WaitCommand.class,
      StartCommand.class,
      StopCommand.class,
      RestartCommand.class,
      UpdateCommand.class,
      DeleteCommand.class,
      DashboardsCommand.class,
      ManifestCommand.class,
      CostCommand.class,
      RuntimesCommand.class,
      JobCommand.class,
      LibCommand.class,
      ExecCommand.class,
      HistoryCommand.class,
      JupyterCommand.class,
      PermissionsCommand.class,
      ShareCommand.class,
      UnshareCommand.class,
      CommandLine.HelpCommand.class
    })
public final class ComputeCli implements Callable<Integer> {

  static final String DEFAULT_URL = "http://localhost:8000";

  @Option(
      names = "--url",
      scope = ScopeType.INHERIT,
      paramLabel = "URL",
      description = "Darwin Compute base URL (env COMPUTE_URL; default " + DEFAULT_URL + ").")
  String url;

  @Option(
      names = "--user",
      scope = ScopeType.INHERIT,
      paramLabel = "EMAIL",
      description =
          "Who you are, sent as msd-user and as the owner of new clusters (env COMPUTE_USER).")
  String user;

  @Option(
      names = "--token",
      scope = ScopeType.INHERIT,
      paramLabel = "TOKEN",
      description = "Bearer token, when a gateway requires one (env COMPUTE_TOKEN).")
  String token;

  @Spec CommandSpec spec;

  private final Map<String, String> env;
  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean interactive;
  private ComputeClient client;

  ComputeCli(Map<String, String> env, PrintWriter out, PrintWriter err, boolean interactive) {
    this.env = env;
    this.out = out;
    this.err = err;
    this.interactive = interactive;
  }

  public static void main(String[] args) {
    boolean interactive = System.console() != null && !"dumb".equals(System.getenv("TERM"));
    System.exit(run(args, System.out, System.err, System.getenv(), interactive));
  }

  /** Runs one command line and returns its exit code; what {@code main} does, without exiting. */
  public static int run(
      String[] args,
      PrintStream out,
      PrintStream err,
      Map<String, String> env,
      boolean interactive) {
    PrintWriter o = new PrintWriter(out, true, StandardCharsets.UTF_8);
    PrintWriter e = new PrintWriter(err, true, StandardCharsets.UTF_8);
    ComputeCli cli = new ComputeCli(env, o, e, interactive);
    CommandLine commandLine =
        new CommandLine(cli)
            .setOut(o)
            .setErr(e)
            .setExecutionExceptionHandler(
                (failure, cmd, parsed) -> {
                  cli.report(failure);
                  return ExitCodes.of(failure);
                })
            .setParameterExceptionHandler(
                (failure, arguments) -> {
                  e.println("error: " + failure.getMessage());
                  e.println(
                      "Run 'compute "
                          + (failure.getCommandLine().getParent() == null
                              ? ""
                              : failure.getCommandLine().getCommandName() + " ")
                          + "--help' for usage.");
                  return ExitCodes.USAGE;
                });
    try {
      return commandLine.execute(args);
    } finally {
      o.flush();
      e.flush();
    }
  }

  /** {@code compute} alone: usage on stderr, as a usage error. */
  @Override
  public Integer call() {
    err.println("error: a command is required");
    spec.commandLine().usage(err);
    return ExitCodes.USAGE;
  }

  ComputeClient client() {
    if (client == null) {
      client =
          ComputeClient.builder(setting(url, "COMPUTE_URL", DEFAULT_URL))
              .user(setting(user, "COMPUTE_USER", null))
              .bearerToken(setting(token, "COMPUTE_TOKEN", null))
              .build();
    }
    return client;
  }

  private String setting(String option, String variable, String fallback) {
    if (option != null && !option.isBlank()) {
      return option;
    }
    String fromEnv = env.get(variable);
    return fromEnv != null && !fromEnv.isBlank() ? fromEnv : fallback;
  }

  PrintWriter out() {
    return out;
  }

  PrintWriter err() {
    return err;
  }

  boolean interactive() {
    return interactive;
  }

  /** One line a person can act on, then the field errors, one per line. */
  private void report(Exception failure) {
    List<FieldError> fields = List.of();
    String message = failure.getMessage();
    if (failure instanceof ComputeException c) {
      message = c.getMessage();
      fields = c.fieldErrors();
    } else if (failure instanceof ClusterYamlException y) {
      message = "invalid cluster file " + y.source();
      fields = y.errors();
    } else if (!(failure instanceof com.darwin.compute.sdk.ClusterWaitException)
        && !(failure instanceof com.darwin.compute.sdk.JobWaitException)) {
      message = "unexpected " + failure.getClass().getSimpleName() + ": " + message;
    }
    err.println("error: " + message);
    for (FieldError field : fields) {
      err.println(
          "  "
              + (field.field() == null || field.field().isEmpty() ? "" : field.field() + ": ")
              + field.message());
    }
    err.flush();
  }
}
