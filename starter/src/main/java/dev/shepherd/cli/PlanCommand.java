package dev.shepherd.cli;

import dev.shepherd.spec.ReleaseSpec;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "plan", description = "Validate a release spec and print its plan. Needs no server.")
final class PlanCommand extends BaseCommand {

  @Mixin
  SpecOption spec = new SpecOption();

  @Override
  public Integer call() {
    boolean json = global.json();
    ReleaseSpec s = spec.load(context);
    Instant now = Instant.now();
    print(json ? Json.write(Plan.json(s, now)) : Plan.text(s, now));
    return ExitCodes.OK;
  }
}
