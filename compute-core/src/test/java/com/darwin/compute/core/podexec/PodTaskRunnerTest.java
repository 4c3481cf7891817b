package com.darwin.compute.core.podexec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.darwin.compute.core.TestingClock;
import com.darwin.compute.core.cluster.LastUseWriter;
import com.darwin.compute.core.kube.ClusterObserver;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.core.store.ClusterRepository;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.util.unit.DataSize;

/** What the runner forgets, and when it does nothing, judged from the watch cache it is given. */
class PodTaskRunnerTest {

  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private static final String TARGET = "sandbox";
  private static final String CLUSTER = "id-podtasks";
  private static final long CLAIMED = 41L;
  private static final String OTHER = "id-podtasks-other";

  /** One library for every pod. */
  private static final List<PodWork> INSTALL =
      List.of(
          new PodWork(
              PodTaskKind.LIBRARY,
              "1",
              pod -> true,
              List.of("install", "x"),
              Duration.ofMinutes(1),
              null));

  private final ClusterRepository clusters = mock(ClusterRepository.class);
  private final ClusterObserver observer = mock(ClusterObserver.class);
  private final PodTaskStore store = mock(PodTaskStore.class);
  private final PodExecutor executor = mock(PodExecutor.class);
  private final PodWorkSource libraries = mock(PodWorkSource.class);
  private final LastUseWriter lastUse = mock(LastUseWriter.class);
  private final ApplicationEventPublisher events = mock(ApplicationEventPublisher.class);
  // Still unless a test moves it.
  private final TestingClock clock = new TestingClock(T0);
  private PodTaskRunner runner;
  private boolean settledAsRead;
  private ClusterEntity cluster;

  @BeforeEach
  void setUp() {
    cluster =
        new ClusterEntity(
            CLUSTER, CLUSTER, "u@example.com", "0.0", TARGET, "ray", null, false, 30, T0);
    cluster.markStarting("run-1", T0);
    when(clusters.findAllById(anyCollection())).thenReturn(List.of(cluster));
    when(libraries.kind()).thenReturn(PodTaskKind.LIBRARY);
    when(libraries.runningClustersWithWork()).thenReturn(Set.of(CLUSTER));
    // Unless a test says otherwise, never settled as read: the source settles every visit.
    when(libraries.snapshot(anyCollection()))
        .thenReturn(
            new PodWorkSource.Snapshot() {
              @Override
              public List<PodWork> work(String clusterId) {
                return CLUSTER.equals(clusterId) ? INSTALL : List.of();
              }

              @Override
              public boolean settled(
                  String clusterId, Collection<LivePod> pods, List<PodTaskState> tasks) {
                return settledAsRead;
              }
            });
    // The visit's read of every cluster's tasks answers what a test gives as the cluster's.
    when(store.ofClusters(anyCollection()))
        .thenAnswer(invocation -> Map.of(CLUSTER, store.ofCluster(CLUSTER)));
    runner = runnerRunning(200);
  }

  /** A runner over the mocks that runs at most {@code maxRunning} tasks at once. */
  private PodTaskRunner runnerRunning(int maxRunning) {
    return new PodTaskRunner(
        List.of(libraries),
        clusters,
        observer,
        store,
        executor,
        new PodTaskProperties(
            Duration.ofSeconds(2),
            Duration.ofSeconds(30),
            DataSize.ofKilobytes(64),
            Duration.ofMillis(200),
            maxRunning),
        lastUse,
        clock,
        events);
  }

  @Test
  void tasksRunInTheRayContainerEvenBehindASidecarPutFirst() {
    assertThat(
            PodTaskRunner.rayContainer(
                List.of(container("istio-proxy"), container("ray-worker"), container("log-agent"))))
        .isEqualTo("ray-worker");
    assertThat(PodTaskRunner.rayContainer(List.of(container("istio-proxy"), container("ray-head"))))
        .isEqualTo("ray-head");
    assertThat(PodTaskRunner.rayContainer(List.of(container("custom"), container("other"))))
        .isEqualTo("custom");
  }

  private static io.fabric8.kubernetes.api.model.Container container(String name) {
    return new io.fabric8.kubernetes.api.model.ContainerBuilder().withName(name).build();
  }

  @Test
  void aPassIsOverdueTwoIntervalsAfterTheLastOneBegan() {
    assertThat(runner.passOverdue()).as("before the first pass").isFalse();
    runner.run();
    clock.advance(Duration.ofSeconds(4));
    assertThat(runner.passOverdue()).isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(runner.passOverdue()).isTrue();
    runner.run();
    assertThat(runner.passOverdue()).isFalse();
  }

  @Test
  void aPodThatIsNotReadyForAMomentKeepsWhatItRan() {
    when(observer.hasSynced(TARGET)).thenReturn(true);
    when(observer.pods(TARGET, CLUSTER))
        .thenReturn(List.of(pod("head-uid", true), pod("worker-uid", false)));
    PodTaskState headRan = task("head-uid");
    PodTaskState workerRan = task("worker-uid");
    PodTaskState goneRan = task("gone-uid");
    when(store.ofCluster(CLUSTER)).thenReturn(List.of(headRan, workerRan, goneRan));

    runner.run();

    @SuppressWarnings("unchecked")
    ArgumentCaptor<Collection<String>> kept = ArgumentCaptor.forClass(Collection.class);
    verify(store).prune(anyList(), kept.capture());
    assertThat(kept.getValue()).containsExactlyInAnyOrder("head-uid", "worker-uid");
    // Nothing to start: the ready head has run the library, the unready worker cannot run now.
    verify(store, never()).claim(any(), any(), any(), any(), any());
    // Nothing runs: not a use.
    verifyNoInteractions(lastUse);
  }

  @Test
  void aTaskPastItsDeadlineTimesOutEvenOnAPodThatStaysUnready() {
    when(observer.hasSynced(TARGET)).thenReturn(true);
    when(observer.pods(TARGET, CLUSTER))
        .thenReturn(List.of(pod("worker-uid", false), pod("other-uid", false)));
    PodTaskState hung = running("worker-uid", T0.minusSeconds(1));
    PodTaskState inTime = running("other-uid", T0.plusSeconds(60));
    when(store.ofCluster(CLUSTER)).thenReturn(List.of(hung, inTime));

    runner.run();

    long hungId = hung.id();
    long inTimeId = inTime.id();
    ArgumentCaptor<ExecResult> result = ArgumentCaptor.forClass(ExecResult.class);
    verify(store).finish(eq(hungId), result.capture());
    assertThat(result.getValue().timedOut()).isTrue();
    assertThat(result.getValue().output()).contains("did not report an exit status");
    // Nothing runs on a ready pod: not a use.
    verifyNoInteractions(lastUse);
    verify(store, never()).finish(eq(inTimeId), any());
    // A log is read for the task it is written into, not for every task of every pass.
    verify(store).logOf(hungId);
    verify(store, never()).logOf(inTimeId);
  }

  @Test
  void workRunningOnAReadyPodIsAUseOfItsCluster() {
    when(observer.hasSynced(TARGET)).thenReturn(true);
    when(observer.pods(TARGET, CLUSTER)).thenReturn(List.of(pod("head-uid", true)));
    PodTaskState installing = running("head-uid", T0.plusSeconds(60));
    when(store.ofCluster(CLUSTER)).thenReturn(List.of(installing));

    runner.run();

    // Marked with its last use as read before (from it, the writer tells whether search's
    // document falls behind).
    verify(lastUse).used(Map.of(CLUSTER, T0), T0);
  }

  @Test
  void anExecThatEndsWithoutAnExitStatusLeavesItsTaskRunningWithWhatItWrote() {
    // The program may still run in the pod: failing its task freed the pod for the next install.
    ExecResult lost = ExecResult.lost("Collecting numpy\nexec stream closed with no exit status");
    startsOnAReadyPod(CompletableFuture.completedFuture(lost));

    runner.run();

    verify(executor).exec(any(), anyLong(), anyList(), any());
    verify(store, never()).finish(anyLong(), any());
    verify(store).noteLost(CLAIMED, lost);
    // The pod is still busy: nothing to follow up.
    verifyNoInteractions(events);
  }

  @Test
  void anExecFutureThatFailsLeavesItsTaskRunning() {
    startsOnAReadyPod(CompletableFuture.failedFuture(new IllegalStateException("socket reset")));

    runner.run();

    verify(executor).exec(any(), anyLong(), anyList(), any());
    verify(store, never()).finish(anyLong(), any());
    ArgumentCaptor<ExecResult> noted = ArgumentCaptor.forClass(ExecResult.class);
    verify(store).noteLost(eq(CLAIMED), noted.capture());
    assertThat(noted.getValue().output()).contains("socket reset");
  }

  @Test
  void aTaskPastItsDeadlineAfterContactWasLostShowsWhatItWroteBefore() {
    when(observer.hasSynced(TARGET)).thenReturn(true);
    when(observer.pods(TARGET, CLUSTER)).thenReturn(List.of(pod("head-uid", true)));
    PodTaskState lost = running("head-uid", T0.minusSeconds(1));
    when(store.logOf(lost.id())).thenReturn("Collecting numpy");
    when(store.ofCluster(CLUSTER)).thenReturn(List.of(lost));

    runner.run();

    long lostId = lost.id();
    ArgumentCaptor<ExecResult> result = ArgumentCaptor.forClass(ExecResult.class);
    verify(store).finish(eq(lostId), result.capture());
    assertThat(result.getValue().output())
        .isEqualTo(
            "Collecting numpy\nPod pod-head-uid did not report an exit status before its timeout");
  }

  @Test
  void anExecThatReportsAnExitStatusFinishesItsTask() {
    ExecResult failed = new ExecResult(1, "ERROR: No matching distribution", false);
    startsOnAReadyPod(CompletableFuture.completedFuture(failed));

    runner.run();

    // By the id its claim answered: a late result lands on no later attempt at the library there.
    verify(store).finish(CLAIMED, failed);
    // Its pod is free: the cluster's next task is started without waiting for the next pass.
    verify(events).publishEvent(new PodTaskReported(CLUSTER));
  }

  @Test
  void aClusterWhoseItemsAsReadSayWhatItsTasksReportIsNotSettledNorReadAgain() {
    when(observer.hasSynced(TARGET)).thenReturn(true);
    when(observer.pods(TARGET, CLUSTER)).thenReturn(List.of(pod("head-uid", true)));
    PodTaskState headRan = task("head-uid");
    when(store.ofCluster(CLUSTER)).thenReturn(List.of(headRan));
    settledAsRead = true;

    runner.run();

    verify(libraries, never()).settle(any(), anyCollection(), anyList());
    // Once, by the visit's read of every cluster's tasks (the stub answers from it): no re-read.
    verify(store, times(1)).ofCluster(CLUSTER);
  }

  @Test
  void aClusterWhereSomethingStartedIsSettledFromItsTasksReadAgain() {
    startsOnAReadyPod(CompletableFuture.completedFuture(new ExecResult(0, "ok", false)));
    PodTaskState claimed = running("head-uid", T0.plusSeconds(60));
    // The visit's read finds nothing; read again after the claim, the new task is there.
    when(store.ofCluster(CLUSTER)).thenReturn(List.of(), List.of(claimed));

    runner.run();

    verify(store, times(2)).ofCluster(CLUSTER);
    verify(libraries).settle(eq(CLUSTER), anyCollection(), eq(List.of(claimed)));
  }

  @Test
  void aVisitWhoseReadFailsVisitsEachClusterOnItsOwn() {
    startsOnAReadyPod(CompletableFuture.completedFuture(new ExecResult(0, "ok", false)));
    when(clusters.findAllById(List.of(CLUSTER, "id-unreadable")))
        .thenThrow(new IllegalStateException("unknown enum value"));
    when(clusters.findAllById(List.of("id-unreadable")))
        .thenThrow(new IllegalStateException("unknown enum value"));
    when(clusters.findAllById(List.of(CLUSTER))).thenReturn(List.of(cluster));

    runner.runClusters(List.of(CLUSTER, "id-unreadable"));

    verify(executor).exec(any(), eq(CLAIMED), anyList(), any());
  }

  @Test
  void aVisitWhoseReadFailsForTheDatabaseIsNotRetriedClusterByCluster() {
    when(clusters.findAllById(anyCollection()))
        .thenThrow(new DataAccessResourceFailureException("connection refused"));

    runner.runClusters(List.of(CLUSTER, "id-other"));

    // One read: the next pass tries again, not a thousand reads waiting out the same outage.
    verify(clusters, times(1)).findAllById(anyCollection());
  }

  /** A ready pod that has run nothing: the runner claims the library there and execs it. */
  private void startsOnAReadyPod(CompletableFuture<ExecResult> exec) {
    when(observer.hasSynced(TARGET)).thenReturn(true);
    when(observer.pods(TARGET, CLUSTER)).thenReturn(List.of(pod("head-uid", true)));
    when(store.ofCluster(CLUSTER)).thenReturn(List.of());
    when(store.claim(any(), eq(CLUSTER), any(), any(), eq(libraries)))
        .thenReturn(Optional.of(CLAIMED));
    when(executor.exec(any(), anyLong(), anyList(), any())).thenReturn(exec);
  }

  @Test
  void pastMaxRunningAPodsTaskWaitsUntilAnExecEndsAndItsClusterIsInUseMeanwhile() {
    PodTaskRunner oneAtATime = runnerRunning(1);
    when(observer.hasSynced(TARGET)).thenReturn(true);
    when(observer.pods(TARGET, CLUSTER))
        .thenReturn(List.of(pod("head-uid", true), pod("worker-uid", true)));
    when(store.ofCluster(CLUSTER)).thenReturn(List.of());
    when(store.claim(any(), eq(CLUSTER), any(), any(), eq(libraries)))
        .thenReturn(Optional.of(CLAIMED));
    CompletableFuture<ExecResult> first = new CompletableFuture<>();
    when(executor.exec(any(), anyLong(), anyList(), any()))
        .thenReturn(first, new CompletableFuture<>());

    oneAtATime.run();
    // The head's install runs; the worker's is not even claimed (a claim would show it running).
    verify(executor)
        .exec(argThat(pod -> pod.uid().equals("head-uid")), anyLong(), anyList(), any());
    verify(store, times(1)).claim(any(), eq(CLUSTER), any(), any(), eq(libraries));

    // The head's install is on record now: only the worker is left, and it waits.
    when(store.ofCluster(CLUSTER)).thenReturn(List.of(running("head-uid", T0.plusSeconds(60))));
    oneAtATime.run();
    verify(executor, times(1)).exec(any(), anyLong(), anyList(), any());

    first.complete(new ExecResult(0, "Successfully installed x", false));
    when(store.ofCluster(CLUSTER)).thenReturn(List.of(task("head-uid")));
    oneAtATime.run();
    verify(executor)
        .exec(argThat(pod -> pod.uid().equals("worker-uid")), anyLong(), anyList(), any());
    verify(executor, times(2)).exec(any(), anyLong(), anyList(), any());
  }

  @Test
  void aClusterWhosePodsAllWaitForAFreeExecIsInUse() {
    PodTaskRunner oneAtATime = runnerRunning(1);
    withAnotherCluster(List.of(pod("head-uid", true)));
    when(store.claim(any(), any(), any(), any(), eq(libraries))).thenReturn(Optional.of(CLAIMED));
    when(executor.exec(any(), anyLong(), anyList(), any())).thenReturn(new CompletableFuture<>());

    oneAtATime.run();

    // One of the two runs its install, the other waits: both are marked used.
    verify(executor, times(1)).exec(any(), anyLong(), anyList(), any());
    verify(lastUse).used(Map.of(OTHER, T0, CLUSTER, T0), T0);
  }

  @Test
  void aFreeExecGoesToTheClusterTurnedAwayFirstNotToTheOneWhoseTaskJustEnded() {
    PodTaskRunner oneAtATime = headRanWhileTheOthersWereTurnedAway();

    // Its cluster is run again at once (its follow-up): the worker would take the free exec, but
    // the other cluster was turned away first, and gets it now.
    oneAtATime.runReported(List.of(CLUSTER));

    InOrder order = inOrder(executor);
    order
        .verify(executor)
        .exec(argThat(p -> p.uid().equals("head-uid")), anyLong(), anyList(), any());
    order
        .verify(executor)
        .exec(argThat(p -> p.uid().equals("other-uid")), anyLong(), anyList(), any());
    verify(executor, never())
        .exec(argThat(p -> p.uid().equals("worker-uid")), anyLong(), anyList(), any());
  }

  @Test
  void aClusterWithNothingLeftWaitingLeavesTheLineEvenInAPassThatFails() {
    PodTaskRunner oneAtATime = headRanWhileTheOthersWereTurnedAway();

    // The other cluster's library is removed before its turn comes (the pass no longer visits
    // it), and the next pass fails on its way out (marking the clusters used): the other cluster
    // leaves the line all the same.
    when(libraries.runningClustersWithWork()).thenReturn(Set.of(CLUSTER));
    doThrow(new IllegalStateException("database down"))
        .doReturn(1)
        .when(lastUse)
        .used(any(), any());
    assertThatThrownBy(oneAtATime::run).hasMessage("database down");
    verify(executor, never())
        .exec(argThat(p -> p.uid().equals("worker-uid")), anyLong(), anyList(), any());
    oneAtATime.run();
    verify(executor).exec(argThat(p -> p.uid().equals("worker-uid")), anyLong(), anyList(), any());
  }

  @Test
  void aFollowUpPassesOverAClusterInLineThatNoLongerWaits() {
    PodTaskRunner oneAtATime = headRanWhileTheOthersWereTurnedAway();

    // The other cluster's pod went: the head's follow-up finds it waiting for nothing, and the
    // exec the head freed goes to the worker at once.
    when(observer.pods(TARGET, OTHER)).thenReturn(List.of());
    oneAtATime.runReported(List.of(CLUSTER));
    verify(executor).exec(argThat(p -> p.uid().equals("worker-uid")), anyLong(), anyList(), any());
  }

  @Test
  void aFollowUpDropsAClusterInLineItCouldNotVisitFromTheLine() {
    PodTaskRunner oneAtATime = headRanWhileTheOthersWereTurnedAway();

    // The other cluster was deleted: the follow-up chooses it, cannot visit it, and the worker,
    // behind it, waits this once; the next follow-up finds the line clear.
    when(clusters.findAllById(anyCollection())).thenReturn(List.of(cluster));
    oneAtATime.runReported(List.of(CLUSTER));
    verify(executor, never())
        .exec(argThat(p -> p.uid().equals("worker-uid")), anyLong(), anyList(), any());
    oneAtATime.runReported(List.of(CLUSTER));
    verify(executor).exec(argThat(p -> p.uid().equals("worker-uid")), anyLong(), anyList(), any());
  }

  /**
   * A runner of one task at a time whose first pass ran this cluster's head install and turned away
   * its worker and then the other cluster's pod (the only one in line: the worker's cluster had
   * just started the head's install, so took no turn), and whose head install has ended since.
   */
  private PodTaskRunner headRanWhileTheOthersWereTurnedAway() {
    PodTaskRunner oneAtATime = runnerRunning(1);
    withAnotherCluster(List.of(pod("head-uid", true), pod("worker-uid", true)));
    when(store.claim(any(), any(), any(), any(), eq(libraries))).thenReturn(Optional.of(CLAIMED));
    CompletableFuture<ExecResult> head = new CompletableFuture<>();
    when(executor.exec(any(), anyLong(), anyList(), any()))
        .thenReturn(head, new CompletableFuture<>());
    oneAtATime.run();
    verify(executor, times(1)).exec(any(), anyLong(), anyList(), any());
    head.complete(new ExecResult(0, "Successfully installed x", false));
    when(store.ofCluster(CLUSTER)).thenReturn(List.of(task("head-uid")));
    return oneAtATime;
  }

  /**
   * A second running cluster with the same library to install, on one ready pod, visited after this
   * one, whose pods are {@code pods}.
   */
  private void withAnotherCluster(List<Pod> pods) {
    ClusterEntity other =
        new ClusterEntity(OTHER, OTHER, "u@example.com", "0.0", TARGET, "ray", null, false, 30, T0);
    other.markStarting("run-2", T0);
    when(clusters.findAllById(anyCollection())).thenReturn(List.of(cluster, other));
    when(libraries.runningClustersWithWork())
        .thenReturn(new LinkedHashSet<>(List.of(CLUSTER, OTHER)));
    when(libraries.snapshot(anyCollection()))
        .thenReturn(
            new PodWorkSource.Snapshot() {
              @Override
              public List<PodWork> work(String clusterId) {
                return INSTALL;
              }

              @Override
              public boolean settled(
                  String clusterId, Collection<LivePod> pods, List<PodTaskState> tasks) {
                return false;
              }
            });
    when(observer.hasSynced(TARGET)).thenReturn(true);
    when(observer.pods(TARGET, OTHER)).thenReturn(List.of(pod("other-uid", true)));
    when(observer.pods(TARGET, CLUSTER)).thenReturn(pods);
  }

  @Test
  void beforeTheTargetsCacheIsSyncedNothingIsForgottenNorRun() {
    when(observer.hasSynced(TARGET)).thenReturn(false);
    when(observer.pods(TARGET, CLUSTER)).thenReturn(List.of());
    PodTaskState headRan = task("head-uid");
    when(store.ofCluster(CLUSTER)).thenReturn(List.of(headRan));

    runner.run();

    verify(store, never()).prune(anyList(), anyCollection());
    verify(store, never()).claim(any(), any(), any(), any(), any());
    verify(libraries, never()).settle(any(), anyCollection(), anyList());
  }

  @Test
  void aDeletedCommandStillRunningOnAReadyPodIsStoppedOnce() {
    when(observer.hasSynced(TARGET)).thenReturn(true);
    when(observer.pods(TARGET, CLUSTER))
        .thenReturn(
            List.of(pod("head-uid", true), pod("worker-uid", true), pod("other-uid", true)));
    PodTaskState deleted = detachedCommand("head-uid", T0.minusSeconds(5));
    // A command that is still wanted, and a removed library: neither is stopped.
    PodTaskState wanted =
        new PodTaskState(
            1L,
            CLUSTER,
            PodTaskKind.COMMAND,
            "wanted",
            "worker-uid",
            "pod-worker-uid",
            PodTaskStatus.RUNNING,
            T0.minusSeconds(5),
            T0.plusSeconds(60));
    PodTaskState removedCommand = detachedCommand("other-uid", T0.minusSeconds(5));
    PodTaskState removedLibrary =
        new PodTaskState(
            removedCommand.id(),
            CLUSTER,
            PodTaskKind.LIBRARY,
            removedCommand.ref(),
            removedCommand.podUid(),
            removedCommand.podName(),
            removedCommand.status(),
            removedCommand.startedAt(),
            removedCommand.deadline());
    when(store.ofCluster(CLUSTER)).thenReturn(List.of(deleted, wanted, removedLibrary));
    when(executor.stop(any(), anyLong()))
        .thenReturn(CompletableFuture.completedFuture(new ExecResult(0, "", false)));

    runner.run();
    clock.advance(Duration.ofSeconds(2));
    runner.run();

    long deletedId = deleted.id();
    ArgumentCaptor<LivePod> on = ArgumentCaptor.forClass(LivePod.class);
    verify(executor, times(1)).stop(on.capture(), eq(deletedId));
    assertThat(on.getValue().uid()).isEqualTo("head-uid");
    assertThat(on.getValue().container()).isEqualTo("ray-head");
    verify(executor, times(1)).stop(any(), anyLong());
    // Until it reports, its pod stays busy: nothing else starts there.
    verify(store, never())
        .claim(any(), any(), argThat(p -> p.uid().equals("head-uid")), any(), any());
  }

  @Test
  void aStopThatFoundNothingOrFailedIsSentAgainLessAndLessOftenUntilOneReachesTheProgram() {
    when(observer.hasSynced(TARGET)).thenReturn(true);
    when(observer.pods(TARGET, CLUSTER)).thenReturn(List.of(pod("head-uid", true)));
    PodTaskState deleted = detachedCommand("head-uid", T0.minusMillis(1_500));
    long deletedId = deleted.id();
    when(store.ofCluster(CLUSTER)).thenReturn(List.of(deleted));
    when(executor.stop(any(), anyLong()))
        .thenReturn(
            CompletableFuture.completedFuture(ExecResult.failure("could not exec in pod head")),
            CompletableFuture.completedFuture(new ExecResult(InPodStop.NOTHING_FOUND, "", false)),
            CompletableFuture.completedFuture(new ExecResult(0, "", false)));

    runner.run();
    // Started 1.5 s ago: its exec may not have started the program yet.
    verify(executor, never()).stop(any(), anyLong());

    clock.advance(Duration.ofMillis(500));
    runner.run(); // the first, which fails: again 4 s later
    verify(executor, times(1)).stop(any(), eq(deletedId));
    clock.advance(Duration.ofMillis(3_999));
    runner.run();
    verify(executor, times(1)).stop(any(), eq(deletedId));
    clock.advance(Duration.ofMillis(1));
    runner.run(); // the second, which finds nothing: again 8 s later
    verify(executor, times(2)).stop(any(), eq(deletedId));
    clock.advance(Duration.ofMillis(7_999));
    runner.run();
    verify(executor, times(2)).stop(any(), eq(deletedId));
    clock.advance(Duration.ofMillis(1));
    runner.run(); // the third reaches the program: no more while it ends (in its deadline)
    for (int i = 0; i < 20; i++) {
      clock.advance(Duration.ofSeconds(2));
      runner.run();
    }

    verify(executor, times(3)).stop(any(), eq(deletedId));
  }

  @Test
  void aDeletedCommandOnAnUnreadyPodIsNotStopped() {
    when(observer.hasSynced(TARGET)).thenReturn(true);
    when(observer.pods(TARGET, CLUSTER)).thenReturn(List.of(pod("head-uid", false)));
    PodTaskState deleted = detachedCommand("head-uid", T0.minusSeconds(5));
    when(store.ofCluster(CLUSTER)).thenReturn(List.of(deleted));

    runner.run();

    verify(executor, never()).stop(any(), anyLong());
  }

  private static PodTaskState detachedCommand(String podUid, Instant startedAt) {
    long id = podUid.hashCode();
    return new PodTaskState(
        id,
        CLUSTER,
        PodTaskKind.COMMAND,
        PodTaskEntity.DETACHED + id,
        podUid,
        "pod-" + podUid,
        PodTaskStatus.RUNNING,
        startedAt,
        T0.plusSeconds(60));
  }

  private static PodTaskState task(String podUid) {
    return library(podUid, PodTaskStatus.SUCCESS, T0.plusSeconds(60));
  }

  private static PodTaskState running(String podUid, Instant deadline) {
    return library(podUid, PodTaskStatus.RUNNING, deadline);
  }

  private static PodTaskState library(String podUid, PodTaskStatus status, Instant deadline) {
    return new PodTaskState(
        podUid.hashCode(),
        CLUSTER,
        PodTaskKind.LIBRARY,
        "1",
        podUid,
        "pod-" + podUid,
        status,
        T0.minusSeconds(60),
        deadline);
  }

  private static Pod pod(String uid, boolean ready) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(uid.replace("-uid", ""))
        .withNamespace("ray")
        .withUid(uid)
        .withCreationTimestamp("2026-12-01T10:00:00Z")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("ray-head")
        .endContainer()
        .endSpec()
        .withNewStatus()
        .withPhase("Running")
        .addNewCondition()
        .withType("Ready")
        .withStatus(ready ? "True" : "False")
        .endCondition()
        .endStatus()
        .build();
  }
}
