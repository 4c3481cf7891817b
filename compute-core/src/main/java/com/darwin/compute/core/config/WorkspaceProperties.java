package com.darwin.compute.core.config;

import com.darwin.compute.core.render.WorkspaceSettings.ClaimScope;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The persistent workspace mounted at {@code /home/ray/fsx}: on the head always, on the workers too
 * with the {@code workspace: shared} label. One claim per owner (or per project, from the {@code
 * project} label), created on first use when {@code provision-claims} is true, never deleted by the
 * control plane.
 */
@ConfigurationProperties("compute.workspace")
public record WorkspaceProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("/home/ray/fsx") String mountPath,
    @DefaultValue("owner") ClaimScope scope,
    @DefaultValue("project") String projectLabel,
    @DefaultValue("workspace") String claimPrefix,
    @DefaultValue("true") boolean provisionClaims,
    String storageClass,
    @DefaultValue("100GB") DataSize size,
    @DefaultValue("ReadWriteMany") List<String> accessModes,
    @DefaultValue("workspace") String sharedLabel,
    @DefaultValue("shared") String sharedValue) {}
