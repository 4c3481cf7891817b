package com.darwin.compute.core.validation;

import com.darwin.compute.core.config.InitScriptProperties;
import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.common.FieldError;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Init scripts run at every pod start before Ray; a long one keeps the cluster from starting (the
 * Darwin README's FAQ), so it is refused here with the ways to do the same thing properly.
 */
final class InitScriptCheck {

  private final InitScriptProperties initScripts;

  InitScriptCheck(InitScriptProperties initScripts) {
    this.initScripts = initScripts;
  }

  void check(ClusterRequest request, List<FieldError> errors) {
    String script = request.advanceConfig().initScript();
    if (script == null || script.isBlank()) {
      return;
    }
    long bytes = script.getBytes(StandardCharsets.UTF_8).length;
    long commands =
        script.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).count();
    long maxBytes = initScripts.maxSize().toBytes();
    if (bytes > maxBytes || commands > initScripts.maxCommands()) {
      errors.add(
          new FieldError(
              "advance_config.init_script",
              "is too large to run at pod start ("
                  + commands
                  + " commands, "
                  + bytes
                  + " bytes; the limit is "
                  + initScripts.maxCommands()
                  + " commands and "
                  + maxBytes
                  + " bytes): long init scripts make clusters fail to start. Install packages"
                  + " with the library installation API (POST"
                  + " /cluster/{cluster_id}/library/install) or use a custom runtime with them"
                  + " preinstalled (POST /runtime/v2/create) instead"));
    }
  }
}
