package com.darwin.compute.core.validation;

import com.darwin.compute.core.config.ClusterLimitsProperties;
import com.darwin.compute.core.config.DiskProperties;
import com.darwin.compute.core.config.GpuCatalogProperties;
import com.darwin.compute.core.config.InitScriptProperties;
import com.darwin.compute.core.config.TerminationProperties;
import com.darwin.compute.core.domain.ClusterPlacement;
import com.darwin.compute.core.domain.InvalidRequestException;
import com.darwin.compute.core.limits.RequestLimits;
import com.darwin.compute.core.manifest.ClusterManifests;
import com.darwin.compute.core.render.RenderSettings;
import com.darwin.compute.core.render.RenderedCluster;
import com.darwin.compute.core.render.ResourceNames;
import com.darwin.compute.core.render.RuleViolation;
import com.darwin.compute.core.runtime.RuntimeLookups;
import com.darwin.compute.core.store.RuntimeEntity;
import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.common.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The checks on a cluster request that need configuration or the database. Shape checks (required
 * fields, patterns) are annotations on the request and run first, in the web layer. All problems
 * are collected, so the user sees every bad field at once.
 */
@Component
public class ClusterRequestValidator {

  private final TerminationProperties termination;
  private final RuntimeLookups runtimes;
  private final ClusterPlacement placement;
  private final NodeShapeCheck nodeShapes;
  private final LabelCheck labels;
  private final AdvanceConfigCheck advanceConfig;
  private final InitScriptCheck initScript;
  private final DiskSettingCheck diskSettings;
  private final PolicyParameterCheck policyParameters = new PolicyParameterCheck();
  private final ClusterManifests manifests;
  private final RequestLimits requestLimits;

  public ClusterRequestValidator(
      ClusterLimitsProperties limits,
      TerminationProperties termination,
      GpuCatalogProperties gpus,
      RuntimeLookups runtimes,
      ClusterPlacement placement,
      InitScriptProperties initScripts,
      DiskProperties disks,
      RenderSettings renderSettings,
      ClusterManifests manifests,
      RequestLimits requestLimits) {
    this.requestLimits = requestLimits;
    this.termination = termination;
    this.runtimes = runtimes;
    this.placement = placement;
    this.nodeShapes = new NodeShapeCheck(limits, gpus);
    this.labels = new LabelCheck(limits);
    this.advanceConfig = new AdvanceConfigCheck(renderSettings);
    this.initScript = new InitScriptCheck(initScripts);
    this.diskSettings = new DiskSettingCheck(disks);
    this.manifests = manifests;
  }

  /**
   * Throws {@link InvalidRequestException} listing every problem; else what the checks looked up
   * and rendered (under the preview id), for the caller to use as it is.
   */
  public ValidatedRequest validate(ClusterRequest request) {
    return validate(request, ResourceNames.PREVIEW_CLUSTER_ID);
  }

  /**
   * The same, rendered under the id the cluster gets: a create's render is then the one applied
   * (see {@code RenderHandOver}) instead of being thrown away and made again after the commit.
   */
  public ValidatedRequest validate(ClusterRequest request, String clusterId) {
    request = withJobClusterTerms(request);
    // Bounds first: when one is broken nothing is rendered (a huge request is not built).
    List<FieldError> errors = new ArrayList<>(requestLimits.check(request));
    checkInactiveTime(request, errors);
    nodeShapes.check(request, errors);
    labels.check(request, errors);
    advanceConfig.check(request, errors);
    initScript.check(request, errors);
    diskSettings.check(request, errors);
    Optional<RuntimeEntity> runtime =
        request.runtime() == null ? Optional.empty() : runtimes.findOffered(request.runtime());
    if (request.runtime() != null && runtime.isEmpty()) {
      boolean retired = runtimes.find(request.runtime()).isPresent();
      errors.add(
          new FieldError(
              "runtime",
              (retired
                      ? "runtime '" + request.runtime() + "' was deleted from the catalogue"
                      : "unknown runtime '" + request.runtime() + "'")
                  + "; GET /get-runtimes lists them"));
    }
    Optional<String> cloudEnv = placement.resolve(request);
    if (cloudEnv.isEmpty()) {
      errors.add(
          new FieldError("cloud_env", "unknown cloud environment '" + request.cloudEnv() + "'"));
    }
    ValidatedRequest validated = null;
    if (errors.isEmpty() && runtime.isPresent() && cloudEnv.isPresent()) {
      validated = checkRendered(request, clusterId, runtime.get(), cloudEnv.get(), errors);
    }
    policyParameters.check(request, errors);
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    if (validated == null) {
      // Unreachable: no error means the runtime and target were found and the request rendered.
      throw new IllegalStateException("A valid request was not rendered");
    }
    return validated;
  }

  /**
   * KubeRay's own rules, checked on the cluster exactly as it would be rendered (under its id, or a
   * stand-in of a real id's length): the operator would otherwise reject it only through an event,
   * after the fact, leaving the cluster stuck in {@code creating}.
   */
  private ValidatedRequest checkRendered(
      ClusterRequest request,
      String clusterId,
      RuntimeEntity runtime,
      String cloudEnv,
      List<FieldError> errors) {
    ClusterRequest placed = request.withCloudEnv(cloudEnv);
    String namespace = placement.namespaceOf(cloudEnv);
    RenderedCluster rendered =
        manifests.render(clusterId, placed, request.user(), cloudEnv, namespace, runtime);
    for (RuleViolation v : manifests.check(rendered)) {
      FieldError error = new FieldError(v.field(), v.message());
      if (!errors.contains(error)) {
        errors.add(error);
      }
    }
    errors.addAll(requestLimits.checkRendered(rendered));
    return new ValidatedRequest(placed, runtime, namespace, rendered);
  }

  /**
   * A job cluster's idle time is the platform's ({@code compute.termination
   * .job-cluster-inactive-time}, 720 minutes), whatever the request says, as the Python service
   * did: Darwin Workflow's job clusters carry their job definition's {@code inactive_time}, which
   * is not meant for a cluster whose job may run for hours without touching what the sweep counts
   * as use. Before the checks and the render, so the stored spec, the pods' {@code TERMINATE_AFTER}
   * and the sweep all read the same value.
   */
  private ClusterRequest withJobClusterTerms(ClusterRequest request) {
    return request.isJobCluster()
        ? request.withInactiveTime(termination.jobClusterInactiveTime())
        : request;
  }

  private void checkInactiveTime(ClusterRequest request, List<FieldError> errors) {
    Integer minutes = request.inactiveTime();
    if (minutes != null && minutes != -1 && minutes < termination.minInactiveMinutes()) {
      errors.add(
          new FieldError(
              "inactive_time",
              "must be at least "
                  + termination.minInactiveMinutes()
                  + " minutes, or -1 to never auto-terminate"));
    }
  }
}
