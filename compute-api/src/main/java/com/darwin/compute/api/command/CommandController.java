package com.darwin.compute.api.command;

import static com.darwin.compute.api.web.ApiResponses.accepted;
import static com.darwin.compute.api.web.ApiResponses.ok;

import com.darwin.compute.api.security.CallerRoute;
import com.darwin.compute.api.security.Callers;
import com.darwin.compute.api.security.ClusterRoute;
import com.darwin.compute.core.access.Caller;
import com.darwin.compute.core.access.ClusterOperation;
import com.darwin.compute.core.command.CommandService;
import com.darwin.compute.core.domain.InvalidRequestException;
import com.darwin.compute.model.command.AddRemoteCommandsRequest;
import com.darwin.compute.model.command.CommandStatusView;
import com.darwin.compute.model.command.RemoteCommandRequest;
import com.darwin.compute.model.command.RemoteCommandView;
import com.darwin.compute.model.common.Envelope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Remote commands of a cluster, in the Python service's shapes. Off unless {@code
 * compute.commands.enabled}; only the owner and admins run or read them; each one is on the
 * cluster's timeline with who ran what. Pods report through the exec itself (its exit status), so
 * there is no pod callback route.
 */
@RestController
@RequestMapping("/cluster/{clusterId}")
@Tag(name = "Remote commands", description = "Shell lines run in a cluster's pods by its owner")
public class CommandController {

  private final CommandService commands;

  public CommandController(CommandService commands) {
    this.commands = commands;
  }

  @ClusterRoute(ClusterOperation.RUN_COMMANDS)
  @PostMapping("/command")
  @Operation(
      summary = "Register commands: they run on every pod of their target that starts from now on")
  public ResponseEntity<Envelope<Map<String, Object>>> register(
      @PathVariable String clusterId,
      @RequestBody(required = false) AddRemoteCommandsRequest request,
      Caller caller) {
    if (request == null) {
      throw new InvalidRequestException("remote_commands", "is required");
    }
    CommandService.Registered registered =
        commands.register(clusterId, request.remoteCommands(), caller);
    Map<String, Object> data = new HashMap<>();
    data.put(
        "remote_commands",
        registered.executionIds().stream().map(id -> Map.of("execution_id", id)).toList());
    data.put("artifact_name", null); // the Python service's Helm artifact; none here
    return ok(data, "Remote Command Added Successfully");
  }

  @ClusterRoute(ClusterOperation.RUN_COMMANDS)
  @PostMapping("/command/execute")
  @Operation(
      summary =
          "Run a command now on every ready pod of its target (head, worker or cluster), within"
              + " its timeout (seconds, 300 by default); 202 with its execution_id")
  public ResponseEntity<Envelope<Map<String, String>>> execute(
      @PathVariable String clusterId,
      @RequestBody(required = false) RemoteCommandRequest request,
      Caller caller) {
    String id = commands.execute(clusterId, request, caller);
    return accepted(Map.of("execution_id", id), "Command Execution Started Successfully");
  }

  @ClusterRoute(ClusterOperation.RUN_COMMANDS)
  @DeleteMapping("/command/{executionId}")
  @Operation(summary = "Remove a command: pods that start later no longer run it")
  public ResponseEntity<Envelope<Map<String, String>>> delete(
      @PathVariable String clusterId, @PathVariable String executionId, Caller caller) {
    commands.delete(clusterId, executionId, caller);
    return ok(Map.of("execution_id", executionId), "Remote Command Deleted Successfully");
  }

  @CallerRoute
  @GetMapping("/command/{executionId}/status")
  @Operation(summary = "A command's status, with each pod's run and output")
  public ResponseEntity<Envelope<CommandStatusView>> status(
      @PathVariable String clusterId, @PathVariable String executionId, Caller caller) {
    return ok(
        // The sandbox's anonymous reads reach here; a command's output is its owner's.
        commands.status(clusterId, executionId, Callers.identified(caller)),
        "Command Execution Status Fetched Successfully");
  }

  @CallerRoute
  @GetMapping("/commands")
  @Operation(summary = "Every command of the cluster")
  public ResponseEntity<Envelope<Map<String, List<RemoteCommandView>>>> list(
      @PathVariable String clusterId, Caller caller) {
    return ok(
        Map.of("remote_commands", commands.list(clusterId, Callers.identified(caller))),
        "All Remote Commands Fetched Successfully");
  }
}
