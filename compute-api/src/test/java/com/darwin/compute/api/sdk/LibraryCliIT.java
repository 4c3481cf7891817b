package com.darwin.compute.api.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.api.ApiIntegrationTest;
import com.darwin.compute.api.ClusterRequests;
import com.darwin.compute.cli.ExitCodes;
import com.darwin.compute.model.library.InstallRequest;
import com.darwin.compute.model.library.LibraryDetails;
import com.darwin.compute.model.library.LibraryStatus;
import com.darwin.compute.model.library.LibraryView;
import com.darwin.compute.model.maven.MavenArtifacts;
import com.darwin.compute.sandbox.SimulatedPodShell.ExecPlan;
import com.darwin.compute.sdk.ComputeClient;
import com.darwin.compute.sdk.ComputeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code compute lib ...}, {@code compute exec} and the SDK's library calls, on the sandbox. */
class LibraryCliIT extends ApiIntegrationTest {

  private CliRun compute(String... args) {
    String[] full = new String[args.length + 4];
    full[0] = "--url";
    full[1] = "http://127.0.0.1:" + port;
    full[2] = "--user";
    full[3] = "user@example.com";
    System.arraycopy(args, 0, full, 4, args.length);
    return CliRun.of(Map.of(), full);
  }

  private String activeCluster(String prefix) {
    String id = create(ClusterRequests.quickStart(unique(prefix)));
    awaitStatus(id, "active");
    return id;
  }

  @Test
  void installListStatusRetryUninstallAndExec() {
    String id = activeCluster("cli-lib");
    String tag = Long.toString(System.nanoTime(), 36);
    CliRun installed =
        compute(
            "lib",
            "install",
            id,
            "--pypi",
            "cli-" + tag + "==1.0",
            "--maven",
            "org.postgresql:postgresql:42.7.3",
            "--wait",
            "--timeout",
            "60s");
    assertThat(installed.exit()).as(installed.toString()).isEqualTo(ExitCodes.OK);
    List<String> lines = installed.out().lines().toList();
    assertThat(lines).hasSize(2).allMatch(l -> l.endsWith("\tsuccess"));
    String pypiId = lines.get(0).split("\t")[0];

    CliRun listed = compute("lib", "list", id, "-q", "cli-" + tag);
    assertThat(listed.exit()).as(listed.toString()).isEqualTo(ExitCodes.OK);
    assertThat(listed.out()).contains("cli-" + tag).contains("success");

    String broken = "clibroken-" + tag;
    sandbox.podShell().plan(broken, ExecPlan.failing(1, "ERROR: " + broken + " not found"));
    CliRun failed = compute("lib", "install", id, "--pypi", broken, "--wait", "--timeout", "60s");
    assertThat(failed.exit()).as(failed.toString()).isEqualTo(ExitCodes.JOB_FAILED);
    assertThat(failed.err()).contains(broken + " not found");
    String brokenId = failed.out().strip().split("\t")[0];
    assertThat(compute("lib", "status", id, brokenId).exit()).isEqualTo(ExitCodes.JOB_FAILED);
    sandbox.podShell().clearPlan(broken);
    CliRun retried = compute("lib", "retry", id, brokenId, "--wait", "--timeout", "60s");
    assertThat(retried.exit()).as(retried.toString()).isEqualTo(ExitCodes.OK);
    assertThat(retried.out().strip()).isEqualTo("success");

    CliRun bad = compute("lib", "install", id, "--pypi", "x; rm -rf /");
    assertThat(bad.exit()).as(bad.toString()).isEqualTo(ExitCodes.REJECTED);
    assertThat(bad.err()).contains("body.name");

    CliRun removed = compute("lib", "uninstall", id, pypiId);
    assertThat(removed.exit()).as(removed.toString()).isEqualTo(ExitCodes.OK);
    assertThat(compute("lib", "status", id, pypiId).out().strip()).isEqualTo("uninstall_pending");

    CliRun exec = compute("exec", id, "--target", "head", "--", "echo exec-" + tag);
    assertThat(exec.exit()).as(exec.toString()).isEqualTo(ExitCodes.OK);
    assertThat(exec.out()).contains("-head-").contains("success, exit 0");
    assertThat(sandbox.podShell().executionsMentioning("echo exec-" + tag)).hasSize(1);
  }

  @Test
  void theSdkInstallsAwaitsAndSearchesMaven() {
    String id = activeCluster("sdk-lib");
    ComputeClient client =
        ComputeClient.builder("http://127.0.0.1:" + port).user("user@example.com").build();
    String tag = Long.toString(System.nanoTime(), 36);
    LibraryView view = client.installLibrary(id, InstallRequest.pypi("sdk-" + tag, "2.0"));
    LibraryDetails done = client.awaitLibrary(id, view.id(), Duration.ofSeconds(60));
    assertThat(done.status()).isEqualTo(LibraryStatus.SUCCESS);
    assertThat(client.listLibraries(id, "sdk-" + tag, 0, 10).resultSize()).isEqualTo(1);
    assertThat(client.installLibrary(id, InstallRequest.pypi("sdk-" + tag, "2.0")).id())
        .isEqualTo(view.id());
    ComputeException refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            ComputeException.class,
            () -> client.installLibrary(id, InstallRequest.s3("s3://b/x.exe")));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.fieldErrors()).anyMatch(e -> e.field().equals("body.path"));
    MavenArtifacts versions = client.mavenVersions("org.apache.spark", "spark-sql_2.12");
    assertThat(versions.versions()).contains("3.5.3");
    assertThat(client.searchMaven("guava", 10, 0).packages()).hasSize(1);
  }
}
