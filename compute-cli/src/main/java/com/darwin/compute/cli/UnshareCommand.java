package com.darwin.compute.cli;

import com.darwin.compute.model.access.PrincipalKind;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "unshare", description = "Stop sharing a cluster with a user (or --group).")
final class UnshareCommand implements Callable<Integer> {

  @ParentCommand ComputeCli cli;

  @Parameters(index = "0", paramLabel = "ID", description = "Cluster id.")
  String clusterId;

  @Parameters(index = "1", paramLabel = "PRINCIPAL", description = "E-mail, or group name.")
  String principal;

  @Option(names = "--group", description = "PRINCIPAL is a group.")
  boolean group;

  @Override
  public Integer call() {
    PermissionsCommand.print(
        cli,
        cli.client()
            .unshare(clusterId, group ? PrincipalKind.GROUP : PrincipalKind.USER, principal));
    return ExitCodes.OK;
  }
}
