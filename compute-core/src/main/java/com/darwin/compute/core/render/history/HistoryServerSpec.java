package com.darwin.compute.core.render.history;

import java.time.Instant;

/**
 * One history server to render, already validated and normalised.
 *
 * @param id the server id ({@code shs-...}): the Deployment's and the Service's name
 * @param resource the cluster id or project whose event logs it shows
 * @param logDirectory {@code spark.history.fs.logDirectory}: {@code s3a://bucket/prefix} or {@code
 *     file:/home/ray/fsx/...}
 * @param proxyBase the path the Darwin proxy serves it under ({@code spark.ui.proxyBase})
 * @param workspaceClaim the user's workspace claim to mount read-only, or null (S3)
 * @param startedAt the start the objects are applied for, or null (a preview): the Deployment
 *     carries it, so the watch can tell a late event of an earlier start's Deployment from one of
 *     this start's
 * @param deploymentUid the uid of the live Deployment, which then owns the Service (so Kubernetes
 *     deletes a Service its Deployment left behind), or null before the Deployment exists and in a
 *     preview
 */
public record HistoryServerSpec(
    String id,
    String resource,
    String user,
    String namespace,
    String logDirectory,
    String proxyBase,
    String workspaceClaim,
    Instant startedAt,
    String deploymentUid) {}
