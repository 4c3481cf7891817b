package com.darwin.compute.cli;

import com.darwin.compute.model.access.ClusterAccess;
import com.darwin.compute.model.access.ClusterPermission;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "permissions",
    description = "Who may change a cluster: its owner, and whom it is shared with at which level.")
final class PermissionsCommand implements Callable<Integer> {

  @ParentCommand ComputeCli cli;

  @Parameters(index = "0", paramLabel = "ID", description = "Cluster id.")
  String clusterId;

  @Override
  public Integer call() {
    print(cli, cli.client().getPermissions(clusterId));
    return ExitCodes.OK;
  }

  /** One line per principal: {@code owner user alice@example.com}, {@code can_restart group ml}. */
  static void print(ComputeCli cli, ClusterAccess access) {
    if (access == null) {
      return;
    }
    cli.out().println("owner user " + access.owner());
    for (ClusterPermission p : access.permissions()) {
      cli.out().println(p.level().wireName() + " " + p.kind().wireName() + " " + p.principal());
    }
  }
}
