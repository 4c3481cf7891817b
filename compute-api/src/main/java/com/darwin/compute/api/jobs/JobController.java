package com.darwin.compute.api.jobs;

import static com.darwin.compute.api.web.ApiResponses.accepted;
import static com.darwin.compute.api.web.ApiResponses.ok;

import com.darwin.compute.api.security.CallerRoute;
import com.darwin.compute.api.security.ClusterRoute;
import com.darwin.compute.api.web.MsdUser;
import com.darwin.compute.core.access.Caller;
import com.darwin.compute.core.access.ClusterOperation;
import com.darwin.compute.core.domain.Actor;
import com.darwin.compute.core.jobs.JobService;
import com.darwin.compute.model.common.Envelope;
import com.darwin.compute.model.job.JobLogs;
import com.darwin.compute.model.job.JobSubmitRequest;
import com.darwin.compute.model.job.JobView;
import com.darwin.compute.model.job.PackageUploaded;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Ray jobs of a cluster, forwarded to its Ray dashboard's Jobs API with admission in front, in the
 * envelope. Followed logs are the one answer that is not: they stream as plain text.
 */
@CallerRoute
@RestController
@RequestMapping("/cluster/{clusterId}/jobs")
@Tag(name = "Ray jobs")
public class JobController {

  private final JobService jobs;

  public JobController(JobService jobs) {
    this.jobs = jobs;
  }

  @ClusterRoute(ClusterOperation.SUBMIT_JOBS)
  @PostMapping
  @Operation(
      summary =
          "Submit a Ray job (the Ray Jobs API body). 200 when Ray has it (or when it ended here"
              + " while on its way, saying so), 202 when it waits for the cluster; 400 when Ray"
              + " refuses the body of a first submission, or holds another command under its"
              + " submission_id; the same submission_id again is the same job; 422 when no node of"
              + " the cluster could ever run its entrypoint; 409 on a stopped cluster unless"
              + " start_cluster is true, which takes the right to start it (can_restart) and room"
              + " in the owner's caps (403 otherwise)")
  public ResponseEntity<Envelope<JobView>> submit(
      @PathVariable String clusterId,
      @Valid @RequestBody JobSubmitRequest request,
      @MsdUser Actor actor,
      Caller caller) {
    JobService.Submitted submitted = jobs.submit(clusterId, request, actor, caller);
    JobView job = submitted.job();
    String message = submitted.message();
    return job.waitingForCluster() ? accepted(job, message) : ok(job, message);
  }

  @ClusterRoute(ClusterOperation.READ_JOBS)
  @GetMapping
  @Operation(summary = "The cluster's jobs, newest first, with their status from Ray")
  public ResponseEntity<Envelope<List<JobView>>> list(@PathVariable String clusterId) {
    return ok(jobs.list(clusterId), "Jobs fetched successfully");
  }

  @ClusterRoute(ClusterOperation.READ_JOBS)
  @GetMapping("/{submissionId}")
  @Operation(summary = "One job, with its status from Ray")
  public ResponseEntity<Envelope<JobView>> get(
      @PathVariable String clusterId, @PathVariable String submissionId) {
    return ok(jobs.get(clusterId, submissionId), "Job fetched successfully");
  }

  @ClusterRoute(ClusterOperation.SUBMIT_JOBS)
  @PostMapping("/{submissionId}/stop")
  @Operation(summary = "Stop a job (409 if it has already ended)")
  public ResponseEntity<Envelope<JobView>> stop(
      @PathVariable String clusterId, @PathVariable String submissionId, @MsdUser Actor actor) {
    return ok(jobs.stop(clusterId, submissionId, actor), "Job stop requested");
  }

  @ClusterRoute(ClusterOperation.SUBMIT_JOBS)
  @DeleteMapping("/{submissionId}")
  @Operation(summary = "Delete an ended job, from Ray and from here (409 while it runs)")
  public ResponseEntity<Envelope<Map<String, Object>>> delete(
      @PathVariable String clusterId, @PathVariable String submissionId, @MsdUser Actor actor) {
    jobs.delete(clusterId, submissionId, actor);
    return ok(Map.of("submission_id", submissionId, "deleted", true), "Job deleted");
  }

  @ClusterRoute(ClusterOperation.READ_JOBS)
  @GetMapping("/{submissionId}/logs")
  @Operation(summary = "The job's driver log, or its last `tail` lines")
  public ResponseEntity<Envelope<JobLogs>> logs(
      @PathVariable String clusterId,
      @PathVariable String submissionId,
      @RequestParam(required = false) Integer tail) {
    return ok(jobs.logs(clusterId, submissionId, tail), "Logs fetched successfully");
  }

  @ClusterRoute(ClusterOperation.READ_JOBS)
  @GetMapping(value = "/{submissionId}/logs", params = "follow=true")
  @Operation(
      summary =
          "Follow the job's driver log: plain text, streamed until the job ends (errors before"
              + " the stream starts still come in the envelope)")
  public ResponseEntity<StreamingResponseBody> followLogs(
      @PathVariable String clusterId,
      @PathVariable String submissionId,
      @RequestParam(required = false) Integer tail,
      HttpServletResponse response) {
    // Unknown job, unknown cluster, bad tail: answered in the envelope before streaming.
    jobs.followable(clusterId, submissionId, tail);
    StreamingResponseBody body =
        out -> {
          try {
            jobs.follow(clusterId, submissionId, tail, piece -> write(out, response, piece));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (UncheckedIOException e) {
            // As the write failed (a client gone is Spring's AsyncRequestNotUsableException,
            // answered by no one and logged at debug), not as an unexpected error.
            throw e.getCause();
          }
        };
    return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(body);
  }

  @ClusterRoute(ClusterOperation.SUBMIT_JOBS)
  @PutMapping(
      value = "/packages/{packageName}",
      consumes = {MediaType.APPLICATION_OCTET_STREAM_VALUE, "application/zip"})
  @Operation(
      summary =
          "Upload a working directory (a zip named _ray_pkg_<hash>.zip) to the cluster's Ray"
              + " dashboard; put the returned gcs:// URI in runtime_env.working_dir")
  public ResponseEntity<Envelope<PackageUploaded>> upload(
      @PathVariable String clusterId,
      @PathVariable String packageName,
      HttpServletRequest request,
      @MsdUser Actor actor)
      throws IOException {
    PackageUploaded uploaded =
        jobs.uploadPackage(
            clusterId, packageName, request.getContentLengthLong(), request.getInputStream());
    return ok(uploaded, uploaded.alreadyPresent() ? "Package already present" : "Package uploaded");
  }

  /**
   * Each piece leaves when it is written. Not through {@code out.flush()}: Spring 7 hands a
   * streaming body a stream whose flush does nothing (unless {@code
   * spring.http.response.flush.enabled}), so the log reached the client only when the job ended or
   * Tomcat's buffer filled. The response's own flush goes out once the request is asynchronous.
   */
  private static void write(OutputStream out, HttpServletResponse response, String piece) {
    try {
      out.write(piece.getBytes(StandardCharsets.UTF_8));
      response.flushBuffer();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // the client went away: stop following
    }
  }
}
