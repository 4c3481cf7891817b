package com.darwin.compute.api.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.darwin.compute.core.search.SearchIndexFill;
import com.darwin.compute.core.search.SearchIndexFill.Progress;
import com.darwin.compute.core.search.SearchIndexFill.Stage;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** Out of service exactly while the stage waits; what is left to index is shown while filling. */
class SearchIndexFillHealthIndicatorTest {

  private final SearchIndexFill fill = mock(SearchIndexFill.class);

  private Health healthAt(Progress progress) {
    when(fill.index()).thenReturn("clusters-v4");
    when(fill.progress()).thenReturn(progress);
    return new SearchIndexFillHealthIndicator(fill).health();
  }

  @Test
  void fillingIsOutOfServiceWithWhatIsLeft() {
    Health health = healthAt(new Progress(Stage.FILLING, 1_200));

    assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
    assertThat(health.getDetails())
        .containsEntry("index", "clusters-v4")
        .containsEntry("stage", "filling")
        .containsEntry("waiting", 1_200L);
  }

  @Test
  void anOwedBackfillIsOutOfServiceWithWhatWasQueued() {
    Health health = healthAt(new Progress(Stage.BACKFILL_OWED, 1_000));

    assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
    assertThat(health.getDetails())
        .containsEntry("stage", "backfill_owed")
        .containsEntry("waiting", 1_000L);
  }

  @Test
  void everyStageIsUpExactlyWhenItDoesNotWait() {
    for (Stage stage : Stage.values()) {
      Health health = healthAt(new Progress(stage, 0));
      assertThat(health.getStatus())
          .as(stage.name())
          .isEqualTo(stage.waits() ? Status.OUT_OF_SERVICE : Status.UP);
      assertThat(health.getDetails()).containsEntry("stage", stage.name().toLowerCase());
    }
    assertThat(healthAt(new Progress(Stage.CHECKING, 0)).getStatus())
        .isEqualTo(Status.OUT_OF_SERVICE);
    assertThat(healthAt(new Progress(Stage.UNREACHABLE, 0)).getStatus()).isEqualTo(Status.UP);
  }
}
