package dev.shepherd.cli;

import dev.shepherd.worker.TemporalUnreachableException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top of the command tree; exceptions become exit codes here, in one place. */
@Command(name = "shepherd", versionProvider = ShepherdVersion.class,
    scope = CommandLine.ScopeType.INHERIT, // every subcommand shows the exit codes and an Examples heading
    description = "Release orchestrator on Temporal: build, test, canary waves, bakes under alarm watch, a "
        + "feature flag, and rollback when anything goes wrong.",
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    footerHeading = "%nExamples:%n",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success, or the release was released",
        "1:the release failed, was rolled back, its rollback did not complete, or it was abandoned",
        "2:bad usage, invalid input, or an action the release refused",
        "3:Temporal could not be reached"})
final class ShepherdCommand implements Callable<Integer> {

  /**
   * The subcommands, in the order help lists them. Not in the annotation: picocli would build the model of every
   * one of them, by reflection, before running any (see {@link #commandLine(Context, String)}).
   */
  static final List<Class<?>> SUBCOMMANDS = List.of(PlanCommand.class, StartCommand.class, StatusCommand.class,
      WatchCommand.class, ListCommand.class, ApproveCommand.class, RejectCommand.class, AbortCommand.class,
      RetryCommand.class, RollbackCommand.class, AbandonCommand.class, WorkerCommand.class, DemoCommand.class,
      CompletionCommand.class, CommandLine.HelpCommand.class);

  /** The commands that read the whole tree: help lists it, completion scripts cover it. */
  private static final Set<String> NEED_THE_TREE = Set.of("help", "completion");

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  // Not picocli's standard help mixin: its -V/--version would be inherited by start, whose --version is the
  // version to release. The subcommands have -h/--help from HelpOption.
  @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @CommandLine.Option(names = {"-V", "--version"}, versionHelp = true,
      description = "Print the version and the commit it was built from, and exit.")
  boolean version;

  /** Bare {@code shepherd}: the overview on stdout and exit 0, as temporal, docker and kubectl do. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return ExitCodes.OK;
  }

  /** The whole command tree. */
  static CommandLine commandLine(Context context) {
    return commandLine(context, null);
  }

  /**
   * The command tree for a command line whose first word is {@code first}: when that names a subcommand, the tree
   * holds only that one, which parses, runs and shows its help exactly as in the whole tree. Building picocli's
   * model of all fifteen commands was a sizeable part of a short command's start-up (BENCHMARKS.md); a first word
   * that is no subcommand's name (an option, a typo, nothing), {@code help} and {@code completion} get the whole
   * tree, for suggestions, the overview and completion scripts.
   */
  static CommandLine commandLine(Context context, String first) {
    CommandLine cli = new CommandLine(new ShepherdCommand(), new ContextFactory(context));
    boolean alone = first != null && !NEED_THE_TREE.contains(first)
        && SUBCOMMANDS.stream().anyMatch(c -> first.equals(name(c)));
    for (Class<?> subcommand : SUBCOMMANDS) {
      if (!alone || first.equals(name(subcommand))) {
        cli.addSubcommand(subcommand);
      }
    }
    cli.setOut(new java.io.PrintWriter(context.out(), true));
    cli.setErr(new java.io.PrintWriter(context.err(), true));
    cli.setParameterExceptionHandler((e, args) -> {
      context.err().println("shepherd: " + withoutWebhookUrls(e.getMessage(), args));
      // A mistyped command or option: picocli's nearest names ("Did you mean: shepherd start or shepherd
      // status ...?", "Possible solutions: --address").
      CommandLine.UnmatchedArgumentException.printSuggestions(e, new java.io.PrintWriter(context.err(), true));
      context.err().println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
      return ExitCodes.USAGE;
    });
    Examples.addTo(cli);
    cli.setExecutionExceptionHandler((e, commandLine, parsed) -> handle(e, context));
    return cli;
  }

  /**
   * The message with the URL of every webhook on the command line hidden: picocli quotes the arguments it could
   * not match, and {@code --webhok ops=https://hooks.slack.com/...} must not print the secret back. Any URL
   * argument and any {@code NAME=http(s)://...} is taken for one.
   */
  static String withoutWebhookUrls(String message, String[] args) {
    if (message == null) {
      return null;
    }
    String out = message;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      boolean afterWebhook = i > 0 && args[i - 1].startsWith("--webh");
      int eq = arg.indexOf('=');
      String value = arg.startsWith("--webh") && eq > 0 ? arg.substring(eq + 1) : afterWebhook ? arg : null;
      if (value == null && eq > 0 && arg.substring(eq + 1).matches("(?i)\\s*https?:.*")) {
        value = arg.substring(eq + 1);
      } else if (value == null && arg.matches("(?i)\\s*https?:.*")) {
        // A webhook's URL pasted without its name or option.
        value = arg;
      }
      if (value != null && !value.isBlank()) {
        int nameEnd = value.indexOf('=');
        String secret = nameEnd > 0 && !value.substring(0, nameEnd).contains(":") ? value.substring(nameEnd + 1) : value;
        if (!secret.isBlank()) {
          out = out.replace(secret, "<URL not shown>");
        }
      }
    }
    return out;
  }

  private static String name(Class<?> subcommand) {
    return subcommand.getAnnotation(Command.class).name();
  }

  /** Every failure becomes one clear line on stderr and an exit code; no stack trace for user errors. */
  static int handle(Exception e, Context context) {
    Throwable t = e;
    if (t instanceof CliException c) {
      context.err().println("shepherd: " + c.getMessage());
      return c.exitCode;
    }
    if (t instanceof TemporalUnreachableException u) {
      context.err().println("shepherd: " + u.getMessage());
      return ExitCodes.UNREACHABLE;
    }
    if (t instanceof IllegalArgumentException) {
      context.err().println("shepherd: " + t.getMessage());
      return ExitCodes.USAGE;
    }
    if (t instanceof WorkflowNotFoundException nf) {
      context.err().println("shepherd: no release " + nf.getExecution().getWorkflowId() + " in this namespace");
      return ExitCodes.USAGE;
    }
    if (t instanceof WorkflowUpdateException u) {
      Throwable cause = u.getCause();
      String reason = cause instanceof ApplicationFailure af ? af.getOriginalMessage() : String.valueOf(cause);
      context.err().println("shepherd: refused: " + reason);
      return ExitCodes.USAGE;
    }
    StatusRuntimeException grpc = grpcCause(t);
    if (grpc != null && (grpc.getStatus().getCode() == Status.Code.UNAVAILABLE
        || grpc.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED)) {
      context.err().println("shepherd: cannot reach Temporal: " + grpc.getStatus().getDescription()
          + " (set --address or TEMPORAL_ADDRESS)");
      return ExitCodes.UNREACHABLE;
    }
    if (t instanceof WorkflowServiceException && grpc != null && grpc.getStatus().getCode() == Status.Code.NOT_FOUND) {
      context.err().println("shepherd: not found: " + grpc.getStatus().getDescription());
      return ExitCodes.USAGE;
    }
    context.err().println("shepherd: " + t.getClass().getSimpleName() + ": " + t.getMessage());
    if (context.env().containsKey("SHEPHERD_DEBUG")) {
      t.printStackTrace(context.err());
    }
    return ExitCodes.RELEASE_FAILED;
  }

  private static StatusRuntimeException grpcCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof StatusRuntimeException s) {
        return s;
      }
    }
    return null;
  }

  /** Gives each command the context (streams, environment) it runs in. */
  private record ContextFactory(Context context) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> cls) throws Exception {
      if (BaseCommand.class.isAssignableFrom(cls)) {
        K command = CommandLine.defaultFactory().create(cls);
        ((BaseCommand) command).context = context;
        return command;
      }
      return CommandLine.defaultFactory().create(cls);
    }
  }
}
