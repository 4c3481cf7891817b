package com.darwin.compute.cli;

import com.darwin.compute.model.access.AccessLevel;
import com.darwin.compute.model.access.ClusterAccess;
import com.darwin.compute.model.access.PrincipalKind;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "share",
    description =
        "Share a cluster with a user (or --group) at a level: can_attach, can_restart (start,"
            + " stop, restart) or can_manage (edit, delete, sharing).")
final class ShareCommand implements Callable<Integer> {

  @ParentCommand ComputeCli cli;

  @Parameters(index = "0", paramLabel = "ID", description = "Cluster id.")
  String clusterId;

  @Parameters(index = "1", paramLabel = "PRINCIPAL", description = "E-mail, or group name.")
  String principal;

  @Option(
      names = "--level",
      required = true,
      paramLabel = "LEVEL",
      description = "can_attach, can_restart or can_manage.")
  String level;

  @Option(names = "--group", description = "PRINCIPAL is a group.")
  boolean group;

  @Override
  public Integer call() {
    AccessLevel wanted;
    try {
      wanted = AccessLevel.fromWire(level);
    } catch (IllegalArgumentException e) {
      cli.err().println("--level must be can_attach, can_restart or can_manage");
      return ExitCodes.USAGE;
    }
    ClusterAccess access =
        cli.client()
            .share(clusterId, group ? PrincipalKind.GROUP : PrincipalKind.USER, principal, wanted);
    PermissionsCommand.print(cli, access);
    return ExitCodes.OK;
  }
}
