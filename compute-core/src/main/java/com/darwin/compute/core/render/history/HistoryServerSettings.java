package com.darwin.compute.core.render.history;

import java.util.List;

/**
 * What every Spark History Server gets, from configuration ({@code compute.history}).
 *
 * @param image the history server image (Spark with the S3A connector)
 * @param command how the image starts the server in the foreground; no shell, so nothing a user
 *     typed is ever interpreted by one
 * @param serviceAccount the pod's service account (its cloud role reads the S3 event logs)
 * @param s3CredentialsProvider the S3A credentials provider class ({@code
 *     spark.hadoop.fs.s3a.aws.credentials.provider}); blank for S3A's default chain
 * @param workspaceMountPath where the workspace volume is mounted (as on the clusters' heads)
 */
public record HistoryServerSettings(
    String image,
    String imagePullPolicy,
    List<String> command,
    String serviceAccount,
    int port,
    String cpuRequest,
    String cpuLimit,
    String memoryRequest,
    String memoryLimit,
    String s3CredentialsProvider,
    String workspaceMountPath) {

  public HistoryServerSettings {
    command = List.copyOf(command);
  }
}
