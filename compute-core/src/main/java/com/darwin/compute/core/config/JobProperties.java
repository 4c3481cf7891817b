package com.darwin.compute.core.config;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Ray jobs submitted through the control plane: how long a call to a cluster's Jobs API may take,
 * how often open jobs are followed (status, completions, submissions waiting for their cluster),
 * how long a submission may wait for its cluster or dashboard before it is failed, the largest
 * working directory accepted, how many may be uploaded at once (each waits on disk, up to the
 * largest size, until it is sent on), how long a followed log stream may stay open, and where
 * uploads wait ({@code spool-directory}, by default {@code java.io.tmpdir}: a volume with room for
 * max-concurrent-uploads times max-package-size), the largest {@code runtime_env} (as JSON: Ray
 * hands it to every worker of the job, and every read of the job carries it), and how much of a
 * driver log is read (its last characters, as many as the size: Ray before 2.5x sends the whole
 * file, which a replica's heap should not have to hold however large it grew), and how long one
 * download of it may take, whole (a dashboard that stops sending mid-log held the reading thread
 * for as long as its connection stayed open), and how many logs a replica downloads at once.
 */
@ConfigurationProperties("compute.jobs")
public record JobProperties(
    @DefaultValue("10s") Duration requestTimeout,
    @DefaultValue("5s") Duration pollInterval,
    @DefaultValue("45m") Duration submitTimeout,
    @DefaultValue("100MB") DataSize maxPackageSize,
    @DefaultValue("4") int maxConcurrentUploads,
    @DefaultValue("1s") Duration followInterval,
    @DefaultValue("1h") Duration followTimeout,
    Path spoolDirectory,
    @DefaultValue("64KB") DataSize maxRuntimeEnv,
    @DefaultValue("16MB") DataSize maxLogDownload,
    @DefaultValue("2m") Duration logDownloadTimeout,
    @DefaultValue("2") int maxConcurrentLogDownloads) {

  /**
   * What Ray's dashboard reads of a request at most ({@code client_max_size}, 100 MiB): its server
   * refuses a body of that size or more, and the upload then answered with a 500 that reached users
   * as the dashboard failing.
   */
  public static final DataSize RAY_DASHBOARD_BODY_LIMIT = DataSize.ofMegabytes(100);

  /**
   * The least {@code max-log-download}: a follow finds its place in a shortened download by the
   * last 2,000 characters it passed, which must be the log's, not the truncation line's.
   */
  public static final DataSize SMALLEST_LOG_DOWNLOAD = DataSize.ofKilobytes(64);

  public JobProperties {
    SettingChecks.positive("compute.jobs.request-timeout", requestTimeout);
    SettingChecks.positive("compute.jobs.poll-interval", pollInterval);
    // A log download's body is closed at its deadline: at 0, every download fails.
    SettingChecks.positive("compute.jobs.log-download-timeout", logDownloadTimeout);
    if (followInterval != null && followInterval.toMillis() < 10) {
      throw new IllegalArgumentException(
          "compute.jobs.follow-interval must be at least 10ms, not "
              + followInterval
              + ": a followed log waits that long between its turns");
    }
    if (maxConcurrentLogDownloads < 1) {
      throw new IllegalArgumentException(
          "compute.jobs.max-concurrent-log-downloads must be at least 1, not "
              + maxConcurrentLogDownloads);
    }
    if (maxLogDownload != null && maxLogDownload.compareTo(SMALLEST_LOG_DOWNLOAD) < 0) {
      throw new IllegalArgumentException(
          "compute.jobs.max-log-download "
              + maxLogDownload.toBytes()
              + " bytes is below the least, 64KB");
    }
    if (maxPackageSize != null && maxPackageSize.compareTo(RAY_DASHBOARD_BODY_LIMIT) > 0) {
      throw new IllegalArgumentException(
          "compute.jobs.max-package-size "
              + maxPackageSize.toBytes()
              + " bytes is above what Ray's dashboard accepts (less than 100MB)");
    }
  }

  /** How many of a log's last characters a download keeps. */
  public int logDownloadCharacters() {
    return (int) Math.min(maxLogDownload.toBytes(), Integer.MAX_VALUE / 2);
  }

  /** The largest package in bytes: the setting, and less than Ray's own limit. */
  public long largestPackage() {
    return Math.min(maxPackageSize.toBytes(), RAY_DASHBOARD_BODY_LIMIT.toBytes() - 1);
  }
}
