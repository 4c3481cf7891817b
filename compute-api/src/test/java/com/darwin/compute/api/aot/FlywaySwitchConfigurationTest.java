package com.darwin.compute.api.aot;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class FlywaySwitchConfigurationTest {

  @Test
  void migratesUnlessTurnedOffWhenTheServiceStarts() {
    Flyway on = mock(Flyway.class);
    new FlywaySwitchConfiguration().migrateUnlessDisabled(new MockEnvironment()).migrate(on);
    verify(on).migrate();

    Flyway off = mock(Flyway.class);
    new FlywaySwitchConfiguration()
        .migrateUnlessDisabled(
            new MockEnvironment().withProperty(FlywaySwitchConfiguration.ENABLED, "false"))
        .migrate(off);
    verify(off, never()).migrate();
  }
}
