package com.darwin.compute.cli;

import com.darwin.compute.model.runtime.ComponentName;
import com.darwin.compute.model.runtime.GetRuntimesRequest;
import com.darwin.compute.model.runtime.RuntimeClass;
import com.darwin.compute.model.runtime.RuntimeComponent;
import com.darwin.compute.model.runtime.RuntimeSummary;
import com.darwin.compute.model.runtime.RuntimeType;
import com.darwin.compute.model.runtime.RuntimeV2Details;
import com.darwin.compute.model.runtime.RuntimeV2Request;
import com.darwin.compute.model.runtime.RuntimesByClass;
import com.darwin.compute.sdk.WireJson;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code compute runtimes [list|get|create|update|delete]}. Alone it lists, as it always did (the
 * {@code GET /get-runtimes} table); {@code list} with a filter uses the v2 catalogue.
 */
@Command(
    name = "runtimes",
    description = "List, show, register, change and retire runtimes (alone: list them).",
    subcommands = {
      RuntimesCommand.ListRuntimes.class,
      RuntimesCommand.GetRuntime.class,
      RuntimesCommand.CreateRuntime.class,
      RuntimesCommand.UpdateRuntime.class,
      RuntimesCommand.DeleteRuntime.class
    })
final class RuntimesCommand implements Callable<Integer> {

  @ParentCommand ComputeCli cli;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text or json.")
  OutputFormat output;

  @Override
  public Integer call() {
    return listAll(output);
  }

  Integer listAll(OutputFormat format) {
    Map<String, List<RuntimeSummary>> runtimes = cli.client().getRuntimes();
    if (format == OutputFormat.json) {
      cli.out().println(WireJson.pretty().writeValueAsString(runtimes));
      return ExitCodes.OK;
    }
    Table table = new Table("RUNTIME", "CLASS", "RAY", "IMAGE");
    runtimes.forEach(
        (kind, list) -> list.forEach(r -> table.row(r.name(), kind, r.rayVersion(), r.image())));
    table.print(cli.out());
    return ExitCodes.OK;
  }

  @Command(
      name = "list",
      description =
          "List runtimes: every one (as `compute runtimes`), or by --class/--type/--query from the"
              + " catalogue, with the default of each class.")
  static final class ListRuntimes implements Callable<Integer> {
    @ParentCommand RuntimesCommand parent;

    @Option(names = "--class", paramLabel = "CLASS", description = "CPU, GPU or CUSTOM.")
    RuntimeClass runtimeClass;

    @Option(
        names = "--type",
        paramLabel = "TYPE",
        converter = TypeConverter.class,
        description =
            "'Ray Only', 'Ray and Spark', 'Others'; for CUSTOM 'Created By Me', 'Created By"
                + " Others'.")
    RuntimeType type;

    @Option(
        names = {"-q", "--query"},
        paramLabel = "TEXT",
        description = "Part of the name or image.")
    String query;

    @Option(names = "--deleted", description = "Soft-deleted runtimes instead.")
    boolean deleted;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FORMAT",
        defaultValue = "text",
        description = "text or json.")
    OutputFormat output;

    @Override
    public Integer call() {
      if (runtimeClass == null && type == null && query == null && !deleted) {
        return parent.listAll(output);
      }
      List<RuntimesByClass> classes =
          parent
              .cli
              .client()
              .listRuntimes(new GetRuntimesRequest(query, 0, 1000, runtimeClass, type, deleted));
      if (output == OutputFormat.json) {
        parent.cli.out().println(WireJson.pretty().writeValueAsString(classes));
        return ExitCodes.OK;
      }
      Table table = new Table("RUNTIME", "CLASS", "TYPE", "RAY", "IMAGE", "DEFAULT");
      for (RuntimesByClass c : classes) {
        String defaultName = c.defaultRuntime() == null ? null : c.defaultRuntime().runtime();
        c.runtimes()
            .forEach(
                t ->
                    t.runtimeList()
                        .forEach(
                            r ->
                                table.row(
                                    r.runtime(),
                                    c.runtimeClass(),
                                    t.type().wireName(),
                                    r.rayVersion(),
                                    r.image(),
                                    r.runtime().equals(defaultName) ? "yes" : "")));
      }
      table.print(parent.cli.out());
      return ExitCodes.OK;
    }
  }

  @Command(name = "get", description = "Show one runtime.")
  static final class GetRuntime implements Callable<Integer> {
    @ParentCommand RuntimesCommand parent;

    @Parameters(index = "0", paramLabel = "NAME", description = "Runtime name.")
    String name;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FORMAT",
        defaultValue = "text",
        description = "text or json (GET /runtime/v2/get-details/{runtime}).")
    OutputFormat output;

    @Override
    public Integer call() {
      print(parent.cli.out(), parent.cli.client().getRuntime(name), output);
      return ExitCodes.OK;
    }
  }

  /** The description options of create and update. */
  abstract static class Describe implements Callable<Integer> {
    @ParentCommand RuntimesCommand parent;

    @Parameters(index = "0", paramLabel = "NAME", description = "Runtime name.")
    String name;

    @Option(
        names = "--class",
        required = true,
        paramLabel = "CLASS",
        description = "CPU, GPU or CUSTOM.")
    RuntimeClass runtimeClass;

    @Option(
        names = "--type",
        paramLabel = "TYPE",
        converter = TypeConverter.class,
        description = "'Ray Only', 'Ray and Spark' or 'Others' (none for CUSTOM).")
    RuntimeType type;

    @Option(
        names = "--image",
        required = true,
        paramLabel = "IMAGE",
        description = "Image reference; its tag must start with the Ray version.")
    String image;

    @Option(
        names = "--component",
        paramLabel = "NAME=VERSION",
        description = "Ray, Spark, Python, R or Scylla, e.g. Ray=2.37.0 (repeatable).")
    List<String> components;

    @Option(names = "--reference-link", paramLabel = "URL", description = "Documentation link.")
    String referenceLink;

    @Option(names = "--spark-connect", description = "Start Spark Connect on the cluster.")
    boolean sparkConnect;

    @Option(names = "--spark-auto-init", description = "Start a Spark session on the cluster.")
    boolean sparkAutoInit;

    @Option(
        names = "--image-pull-secret",
        paramLabel = "SECRET",
        description = "Secret the image is pulled with (private registries).")
    String imagePullSecret;

    @Option(names = "--default", description = "Make it its class's default.")
    boolean setAsDefault;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FORMAT",
        defaultValue = "text",
        description = "text or json.")
    OutputFormat output;

    RuntimeV2Request request() {
      List<RuntimeComponent> parsed = null;
      if (components != null) {
        parsed = new ArrayList<>();
        for (String c : components) {
          int eq = c.indexOf('=');
          if (eq <= 0 || eq == c.length() - 1) {
            throw new CommandLine.ParameterException(
                parent.cli.spec.commandLine(), "--component must be NAME=VERSION: " + c);
          }
          ComponentName componentName;
          try {
            componentName = ComponentName.valueOf(c.substring(0, eq).strip());
          } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(
                parent.cli.spec.commandLine(),
                "--component name must be one of Ray, Spark, Python, R, Scylla: " + c);
          }
          parsed.add(new RuntimeComponent(componentName, c.substring(eq + 1).strip()));
        }
      }
      return new RuntimeV2Request(
          name,
          runtimeClass,
          type,
          image,
          referenceLink,
          parsed,
          null,
          setAsDefault,
          sparkConnect,
          sparkAutoInit,
          imagePullSecret);
    }
  }

  @Command(name = "create", description = "Register a runtime.")
  static final class CreateRuntime extends Describe {
    @Override
    public Integer call() {
      print(parent.cli.out(), parent.cli.client().createRuntime(request()), output);
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "update",
      description = "Change a runtime (everything but its name); --component replaces the list.")
  static final class UpdateRuntime extends Describe {
    @Override
    public Integer call() {
      print(parent.cli.out(), parent.cli.client().updateRuntime(request()), output);
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "delete",
      description = "Soft-delete a runtime (refused while a running cluster uses it).")
  static final class DeleteRuntime implements Callable<Integer> {
    @ParentCommand RuntimesCommand parent;

    @Parameters(index = "0", paramLabel = "NAME", description = "Runtime name.")
    String name;

    @Override
    public Integer call() {
      parent.cli.client().deleteRuntime(name);
      parent.cli.err().println("runtime " + name + " deleted");
      return ExitCodes.OK;
    }
  }

  /**
   * {@code --type} takes the wire names ({@code "Ray Only"}) or the constants ({@code RAY_ONLY}).
   */
  static final class TypeConverter implements CommandLine.ITypeConverter<RuntimeType> {
    @Override
    public RuntimeType convert(String value) {
      for (RuntimeType t : RuntimeType.values()) {
        if (t.wireName().equalsIgnoreCase(value) || t.name().equalsIgnoreCase(value)) {
          return t;
        }
      }
      throw new CommandLine.TypeConversionException(
          "expected 'Ray Only', 'Ray and Spark', 'Others', 'Created By Me' or 'Created By Others'");
    }
  }

  static void print(PrintWriter out, RuntimeV2Details r, OutputFormat output) {
    if (output == OutputFormat.json) {
      out.println(WireJson.pretty().writeValueAsString(r));
      return;
    }
    line(out, "runtime", r.runtime());
    line(out, "class", r.runtimeClass().name());
    line(out, "type", r.type() == null ? null : r.type().wireName());
    line(out, "image", r.image());
    line(out, "ray", r.rayVersion());
    line(
        out,
        "components",
        r.components() == null
            ? null
            : String.join(
                ", ", r.components().stream().map(c -> c.name() + " " + c.version()).toList()));
    line(out, "spark", "connect=" + r.sparkConnect() + " auto_init=" + r.sparkAutoInit());
    line(out, "pull secret", r.imagePullSecret());
    line(out, "reference", r.referenceLink());
    line(out, "created", r.createdBy() + " at " + r.createdAt());
    line(out, "updated", r.lastUpdatedBy() + " at " + r.lastUpdatedAt());
    line(out, "deleted", String.valueOf(r.deleted()));
  }

  private static void line(PrintWriter out, String key, String value) {
    out.printf("%-12s %s%n", key, value == null ? "-" : value);
  }
}
