package com.darwin.compute.core.command;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.darwin.compute.core.access.Caller;
import com.darwin.compute.model.command.CommandTarget;
import com.darwin.compute.model.command.RemoteCommandRequest;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CommandServiceTest {

  @Test
  void disabledCommandsAreRefusedBeforeAnythingIsReadOrStored() {
    CommandService service =
        new CommandService(
            null,
            null,
            null,
            null,
            null,
            new CommandProperties(
                false, Duration.ofMinutes(5), Duration.ofHours(1), 50, 16384, 100),
            Clock.systemUTC());
    Caller owner = Caller.user("user@example.com", "127.0.0.1");
    assertThatThrownBy(
            () ->
                service.execute(
                    "id-x", RemoteCommandRequest.of(CommandTarget.HEAD, "echo hi"), owner))
        .isInstanceOf(CommandsDisabledException.class);
    assertThatThrownBy(
            () ->
                service.register(
                    "id-x",
                    java.util.List.of(RemoteCommandRequest.of(CommandTarget.HEAD, "echo hi")),
                    owner))
        .isInstanceOf(CommandsDisabledException.class);
  }
}
