package com.darwin.compute.core.config;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The runtime catalogue: the file loaded at start-up, and the image pull secret each Kubernetes
 * target uses for runtimes that name none.
 *
 * @param catalogue where the catalogue file is (a Spring resource location); the jar carries {@code
 *     runtimes/catalogue.yaml} of the repository
 * @param syncCatalogue whether start-up adds and updates the runtimes of the catalogue file
 * @param imagePullSecrets target name ({@code cloud_env}) to the name of a Secret of type {@code
 *     kubernetes.io/dockerconfigjson} in that target's namespace; only the name is known here
 * @param lookupCacheTtl how long a runtime read for a create or a reconcile pass is used without
 *     asking MySQL again; edits on this replica are seen at once, another replica's after this
 *     (zero: no cache)
 */
@ConfigurationProperties("compute.runtimes")
public record RuntimeProperties(
    @DefaultValue("classpath:runtimes/catalogue.yaml") String catalogue,
    @DefaultValue("true") boolean syncCatalogue,
    Map<String, String> imagePullSecrets,
    @DefaultValue("30s") Duration lookupCacheTtl) {

  public RuntimeProperties {
    imagePullSecrets = imagePullSecrets == null ? Map.of() : Map.copyOf(imagePullSecrets);
    lookupCacheTtl = lookupCacheTtl == null ? Duration.ofSeconds(30) : lookupCacheTtl;
  }

  /** The Secret a runtime's image is pulled with on a target, or null. */
  public String imagePullSecret(String runtimeSecret, String target) {
    return runtimeSecret != null ? runtimeSecret : imagePullSecrets.get(target);
  }
}
