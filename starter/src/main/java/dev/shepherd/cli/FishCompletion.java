package dev.shepherd.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A fish completion script from a picocli command tree (one level of subcommands, as shepherd has): picocli's
 * {@code AutoComplete} writes bash only. Hidden commands and options are left out, as picocli does for bash.
 */
final class FishCompletion {

  /** A full stop followed by a new sentence, not the one in "e.g. for" or "i.e. the". */
  private static final Pattern SENTENCE_END = Pattern.compile("(?<!\\be\\.g|\\bi\\.e)\\.(\\s+(?=[A-Z])|$)");

  private FishCompletion() {}

  static String script(CommandLine root) {
    String name = root.getCommandName();
    StringBuilder s = new StringBuilder();
    s.append("# fish completion for ").append(name).append(", printed by '").append(name)
        .append(" completion fish'\n");
    // Drop what an earlier load defined, so that loading the script again does not double every entry.
    s.append("complete -c ").append(name).append(" -e\n");
    // File names only where an option takes a file (-F below), not after every command.
    s.append("complete -c ").append(name).append(" -f\n");
    String atTop = "__fish_use_subcommand";
    options(s, name, atTop, root.getCommandSpec());
    for (Map.Entry<String, CommandLine> e : root.getSubcommands().entrySet()) {
      CommandSpec sub = e.getValue().getCommandSpec();
      if (sub.usageMessage().hidden()) {
        continue;
      }
      // What picocli's own command list shows: the header if there is one, else the description.
      String[] about = sub.usageMessage().header().length > 0 ? sub.usageMessage().header()
          : sub.usageMessage().description();
      s.append(complete(name, atTop, "-a " + quote(e.getKey()), summary(about)));
      String inSub = "__fish_seen_subcommand_from " + e.getKey();
      options(s, name, inSub, sub);
      if (sub.helpCommand()) {
        // `shepherd help COMMAND`
        for (Map.Entry<String, CommandLine> other : root.getSubcommands().entrySet()) {
          if (!other.getValue().getCommandSpec().usageMessage().hidden() && !other.getKey().equals(e.getKey())) {
            s.append(complete(name, inSub, "-a " + quote(other.getKey()), ""));
          }
        }
      }
      for (var positional : sub.positionalParameters()) {
        if (!positional.hidden() && positional.completionCandidates() != null) {
          s.append(complete(name, inSub, "-a " + quote(String.join(" ", positional.completionCandidates())),
              summary(positional.description())));
        }
      }
    }
    return s.toString();
  }

  private static void options(StringBuilder s, String name, String condition, CommandSpec spec) {
    for (OptionSpec o : spec.options()) {
      if (o.hidden()) {
        continue;
      }
      StringBuilder flags = new StringBuilder();
      for (String n : o.names()) {
        if (n.startsWith("--")) {
          flags.append(" -l ").append(quote(n.substring(2)));
        } else if (n.length() == 2 && n.startsWith("-")) {
          flags.append(" -s ").append(quote(n.substring(1)));
        } else {
          flags.append(" -o ").append(quote(n.substring(1)));
        }
      }
      if (o.arity().max() > 0) {
        flags.append(" -r");
        if (Path.class.equals(o.type()) || java.io.File.class.equals(o.type())) {
          flags.append(" -F");
        } else if (o.completionCandidates() != null) {
          flags.append(" -a ").append(quote(String.join(" ", o.completionCandidates())));
        }
      }
      s.append(complete(name, condition, flags.toString().trim(), summary(o.description())));
    }
  }

  private static String complete(String name, String condition, String what, String description) {
    return "complete -c " + name + " -n " + quote(condition) + " " + what
        + (description.isEmpty() ? "" : " -d " + quote(description)) + "\n";
  }

  /** The first sentence of a description: fish shows one short line beside each candidate. */
  private static String summary(String[] description) {
    if (description.length == 0) {
      return "";
    }
    String text = description[0].replace("%n", " ").replace("%%", "%").strip();
    Matcher end = SENTENCE_END.matcher(text);
    return end.find() ? text.substring(0, end.start()) : text;
  }

  /** Single-quoted for fish, where only backslash and the quote itself are special. */
  private static String quote(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
