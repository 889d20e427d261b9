package dev.shepherd.proof;

import static dev.shepherd.proof.ProofRefusedException.quote;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who may sign: an ssh-keygen ALLOWED SIGNERS file (see {@code man ssh-keygen}), the file {@code git} reads
 * as {@code gpg.ssh.allowedSignersFile}. Each line is {@code principals [options] keytype base64-key
 * [comment]}; blank lines and lines starting with {@code #} are skipped. The options Shepherd takes are
 * OpenSSH's {@code namespaces="a,b"}, {@code valid-after="…"} and {@code valid-before="…"} (times as {@code
 * YYYYMMDD[Z]} or {@code YYYYMMDDHHMM[SS][Z]}; without {@code Z} in the worker's time zone, as ssh-keygen
 * reads them); the values are quoted, as OpenSSH requires.
 *
 * <p>Stricter than OpenSSH, because a principal here is a person's name and not a pattern to match:
 * principals that are patterns ({@code *}, {@code ?}, {@code !}) and {@code cert-authority} lines are refused,
 * and so are namespace patterns. One key is one person: a key listed on two lines whose first principals
 * differ refuses the file, and so does a name that stands for two people. The first principal of a line is
 * the person; the others are aliases. A file with any problem is refused whole, with every problem listed.
 */
public final class AllowedSigners {

  private static final Pattern TIME = Pattern.compile("(\\d{8}|\\d{12}|\\d{14})(Z|UTC)?",
      Pattern.CASE_INSENSITIVE);
  private static final String TIME_FORMATS = "YYYYMMDD[Z] or YYYYMMDDHHMM[SS][Z]";

  private final String source;
  private final List<Entry> entries;

  private AllowedSigners(String source, List<Entry> entries) {
    this.source = source;
    this.entries = List.copyOf(entries);
  }

  /**
   * Reads an allowed-signers file; times without {@code Z} are in the system time zone, as ssh-keygen reads
   * them.
   *
   * @throws AllowedSignersException listing every problem, each with the file's path and the line number
   * @throws IOException when the file cannot be read
   */
  public static AllowedSigners load(Path file) throws IOException {
    return parse(Files.readString(file), file.toString());
  }

  /**
   * Reads allowed-signers text; times without {@code Z} are in the system time zone, as ssh-keygen reads
   * them.
   *
   * @param text the file's content
   * @param source the file's name, for problems: {@code allowed_signers:3: ...}
   * @throws AllowedSignersException listing every problem, each with the source and line number
   */
  public static AllowedSigners parse(String text, String source) {
    return parse(text, source, ZoneId.systemDefault());
  }

  /**
   * Reads allowed-signers text, taking times without {@code Z} in the given zone.
   *
   * @throws AllowedSignersException listing every problem, each with the source and line number
   */
  public static AllowedSigners parse(String text, String source, ZoneId zone) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(zone, "zone");
    List<Entry> entries = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      int number = i + 1;
      try {
        Entry entry = parseLine(lines.get(i), number, zone);
        if (entry != null) {
          entries.add(entry);
        }
      } catch (IllegalArgumentException | ProofRefusedException e) {
        problems.add(new Problem(number, e.getMessage()));
      }
    }
    problems.addAll(onePersonEach(entries));
    if (!problems.isEmpty()) {
      throw new AllowedSignersException(problems.stream()
          .sorted(Comparator.comparingInt(Problem::line))
          .map(p -> source + ":" + p.line() + ": " + p.message())
          .toList());
    }
    return new AllowedSigners(source, entries);
  }

  /** Where the signers were read from, as given to {@link #parse} or {@link #load}. */
  public String source() {
    return source;
  }

  /**
   * Who a key belongs to, if a line lists it for the namespace at that time.
   *
   * @param key the key that made a signature, from {@link SshSignatures#verify}
   * @param namespace the namespace it signed for
   * @param at the time to judge {@code valid-after} and {@code valid-before} by
   */
  public Optional<Signer> signerOf(SshKey key, String namespace, Instant at) {
    try {
      return Optional.of(authorize(key, namespace, at));
    } catch (ProofRefusedException e) {
      return Optional.empty();
    }
  }

  /**
   * Who a key belongs to, or why it does not count: like {@link #signerOf}, but a refusal says which line
   * kept the key out, for the person whose proof was refused.
   *
   * @throws ProofRefusedException when no line lists the key, or none lists it for the namespace at that
   *     time
   */
  public Signer authorize(SshKey key, String namespace, Instant at) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(at, "at");
    List<String> refusals = new ArrayList<>();
    for (Entry entry : entries) {
      if (!entry.key().equals(key)) {
        continue;
      }
      String refusal = entry.refusal(namespace, at);
      if (refusal == null) {
        return new Signer(entry.principals().getFirst(), entry.principals(), key.fingerprint());
      }
      refusals.add(source + ":" + entry.line() + " " + refusal);
    }
    if (refusals.isEmpty()) {
      throw new ProofRefusedException("the key " + key + " is not in the allowed signers (" + source + ")");
    }
    throw new ProofRefusedException("the key " + key + " of " + quote(firstPrincipalOf(key)) + " is not accepted: "
        + String.join("; ", refusals));
  }

  private String firstPrincipalOf(SshKey key) {
    return entries.stream().filter(e -> e.key().equals(key)).findFirst().orElseThrow().principals().getFirst();
  }

  /** One line, or null for a blank or comment line. */
  private static Entry parseLine(String line, int number, ZoneId zone) {
    int at = skipSpace(line, 0);
    if (at == line.length() || line.charAt(at) == '#') {
      return null;
    }
    int end = tokenEnd(line, at);
    List<String> principals = principals(line.substring(at, end));
    at = skipSpace(line, end);
    if (at == line.length()) {
      throw new IllegalArgumentException("no key: write principals [options] keytype base64-key");
    }
    end = tokenEnd(line, at);
    String token = line.substring(at, end);
    Options options = Options.NONE;
    if (!looksLikeKeyType(token)) {
      options = options(token, zone);
      at = skipSpace(line, end);
      if (at == line.length()) {
        throw new IllegalArgumentException("no key after the options: write principals [options] keytype base64-key");
      }
      end = tokenEnd(line, at);
      token = line.substring(at, end);
    }
    String type = token;
    at = skipSpace(line, end);
    if (at == line.length()) {
      throw new IllegalArgumentException("no base64 key after " + quote(type));
    }
    String blob = line.substring(at, tokenEnd(line, at));
    return new Entry(number, principals, new SshKey(type, blob), options);
  }

  private static List<String> principals(String field) {
    List<String> principals = new ArrayList<>();
    for (String principal : field.split(",", -1)) {
      if (principal.isEmpty()) {
        throw new IllegalArgumentException("empty principal in " + quote(field) + ": separate names by single commas");
      }
      if (principal.chars().anyMatch(c -> c == '*' || c == '?' || c == '!' || c == '"')) {
        throw new IllegalArgumentException("principal " + quote(principal) + " is a pattern; Shepherd takes a"
            + " person's name, so list each person on their own line");
      }
      principals.add(principal);
    }
    return List.copyOf(principals);
  }

  /** OpenSSH's rule: the field after the principals is the key if it is a key type, else the options. */
  private static boolean looksLikeKeyType(String token) {
    return SshKey.TYPES.contains(token) || token.startsWith("ssh-") || token.startsWith("ecdsa-")
        || token.startsWith("sk-") || token.startsWith("rsa-") || token.endsWith("@openssh.com");
  }

  private static Options options(String field, ZoneId zone) {
    List<String> namespaces = null;
    Instant after = null;
    Instant before = null;
    int at = 0;
    while (true) {
      int nameEnd = at;
      while (nameEnd < field.length() && field.charAt(nameEnd) != '=' && field.charAt(nameEnd) != ',') {
        nameEnd++;
      }
      String name = field.substring(at, nameEnd).toLowerCase(Locale.ROOT);
      String value = null;
      at = nameEnd;
      if (at < field.length() && field.charAt(at) == '=') {
        if (at + 1 >= field.length() || field.charAt(at + 1) != '"') {
          throw new IllegalArgumentException(name + ": put the value in double quotes, as OpenSSH requires: "
              + name + "=\"" + field.substring(at + 1).split(",", 2)[0] + "\"");
        }
        int close = field.indexOf('"', at + 2);
        if (close < 0) {
          throw new IllegalArgumentException(name + ": the value has no closing quote");
        }
        value = field.substring(at + 2, close);
        at = close + 1;
      }
      switch (name) {
        case "cert-authority" -> throw new IllegalArgumentException(
            "certificate authorities are not supported: list each person's own key");
        case "namespaces" -> {
          if (namespaces != null) {
            throw new IllegalArgumentException("namespaces is given twice");
          }
          namespaces = namespaces(requireValue(name, value));
        }
        case "valid-after" -> {
          if (after != null) {
            throw new IllegalArgumentException("valid-after is given twice");
          }
          after = time(name, requireValue(name, value), zone);
        }
        case "valid-before" -> {
          if (before != null) {
            throw new IllegalArgumentException("valid-before is given twice");
          }
          before = time(name, requireValue(name, value), zone);
        }
        default -> throw new IllegalArgumentException("unknown option " + quote(name)
            + ": allowed signers take namespaces=\"…\", valid-after=\"…\" and valid-before=\"…\"");
      }
      if (at == field.length()) {
        break;
      }
      if (field.charAt(at) != ',') {
        throw new IllegalArgumentException("options must be separated by commas, at " + quote(field.substring(at)));
      }
      at++;
      if (at == field.length()) {
        throw new IllegalArgumentException("the options end with a comma");
      }
    }
    if (after != null && before != null && !before.isAfter(after)) {
      throw new IllegalArgumentException("valid-before (" + before + ") is not after valid-after (" + after + ")");
    }
    return new Options(namespaces, after, before);
  }

  private static String requireValue(String name, String value) {
    if (value == null) {
      throw new IllegalArgumentException(name + " needs a value: " + name + "=\"…\"");
    }
    return value;
  }

  private static List<String> namespaces(String value) {
    List<String> namespaces = new ArrayList<>();
    for (String namespace : value.split(",", -1)) {
      if (namespace.isEmpty()) {
        throw new IllegalArgumentException("namespaces: empty namespace in " + quote(value));
      }
      if (namespace.chars().anyMatch(c -> c == '*' || c == '?' || c == '!')) {
        throw new IllegalArgumentException("namespaces: " + quote(namespace) + " is a pattern; list the namespaces"
            + " by name, e.g. namespaces=\"git,shepherd\"");
      }
      namespaces.add(namespace);
    }
    return List.copyOf(namespaces);
  }

  private static Instant time(String name, String value, ZoneId zone) {
    Matcher m = TIME.matcher(value);
    if (m.matches()) {
      String d = m.group(1);
      try {
        LocalDateTime local = LocalDateTime.of(Integer.parseInt(d.substring(0, 4)),
            Integer.parseInt(d.substring(4, 6)), Integer.parseInt(d.substring(6, 8)),
            d.length() >= 12 ? Integer.parseInt(d.substring(8, 10)) : 0,
            d.length() >= 12 ? Integer.parseInt(d.substring(10, 12)) : 0,
            d.length() == 14 ? Integer.parseInt(d.substring(12, 14)) : 0);
        return local.atZone(m.group(2) != null ? ZoneOffset.UTC : zone).toInstant();
      } catch (DateTimeException e) {
        // falls through to the refusal below
      }
    }
    throw new IllegalArgumentException(name + ": " + quote(value) + " is not a time; write " + TIME_FORMATS);
  }

  /** One key is one person, and one name is one person. */
  private static List<Problem> onePersonEach(List<Entry> entries) {
    List<Problem> problems = new ArrayList<>();
    Map<SshKey, Entry> byKey = new HashMap<>();
    Map<String, Entry> byName = new HashMap<>();
    for (Entry entry : entries) {
      String person = entry.principals().getFirst();
      Entry other = byKey.putIfAbsent(entry.key(), entry);
      if (other != null && !other.principals().getFirst().equals(person)) {
        problems.add(new Problem(entry.line(), "the key " + entry.key() + " is listed for both "
            + quote(other.principals().getFirst()) + " (line " + other.line() + ") and " + quote(person)
            + " (line " + entry.line() + "): one key is one person; remove one of the lines"));
        continue;
      }
      for (String name : entry.principals()) {
        Entry named = byName.putIfAbsent(name, entry);
        if (named != null && !named.principals().getFirst().equals(person)) {
          problems.add(new Problem(entry.line(), quote(name) + " stands for both " + quote(named.principals().getFirst())
              + " (line " + named.line() + ") and " + quote(person) + " (line " + entry.line()
              + "): a name is one person"));
          break;
        }
      }
    }
    return problems;
  }

  private static int skipSpace(String line, int at) {
    while (at < line.length() && (line.charAt(at) == ' ' || line.charAt(at) == '\t')) {
      at++;
    }
    return at;
  }

  /** The end of the field at {@code at}: the next space or tab outside double quotes. */
  private static int tokenEnd(String line, int at) {
    boolean quoted = false;
    while (at < line.length()) {
      char c = line.charAt(at);
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && (c == ' ' || c == '\t')) {
        break;
      }
      at++;
    }
    return at;
  }

  private record Problem(int line, String message) {}

  /** A line's options; null for one not given. */
  private record Options(List<String> namespaces, Instant validAfter, Instant validBefore) {
    static final Options NONE = new Options(null, null, null);
  }

  private record Entry(int line, List<String> principals, SshKey key, Options options) {

    /** Why this line does not let its key sign for the namespace at that time, or null when it does. */
    String refusal(String namespace, Instant at) {
      if (options.namespaces() != null && !options.namespaces().contains(namespace)) {
        return "lists it only for namespaces " + quote(String.join(",", options.namespaces())) + ", not "
            + quote(namespace);
      }
      if (options.validAfter() != null && at.isBefore(options.validAfter())) {
        return "lists it as valid from " + options.validAfter() + ", which is after " + at;
      }
      if (options.validBefore() != null && at.isAfter(options.validBefore())) {
        return "lists it as valid until " + options.validBefore() + ", which is before " + at;
      }
      return null;
    }
  }
}
