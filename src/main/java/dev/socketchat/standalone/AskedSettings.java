package dev.socketchat.standalone;

import dev.socketchat.config.Settings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runner's lookup of settings, noting every name it is asked for, so that a setting given under a name the runner
 * never reads (a misspelt {@code socketchat.heartbeat.intervall}, which would otherwise be silently ignored) can be
 * told once the server has started.
 */
final class AskedSettings implements UnaryOperator<String> {
  /** Variables the launcher ({@code bin/socketchat}) reads itself; the Java side never asks for them. */
  private static final Set<String> LAUNCHER =
      Set.of("SOCKETCHAT_JAVA_OPTS", "SOCKETCHAT_JAVA_OPTS_EXTRA", "SOCKETCHAT_HOST");

  private static final String PROPERTY_PREFIX = "socketchat.";
  private static final String VARIABLE_PREFIX = "SOCKETCHAT_";
  /** A setting's dotted name in a sentence. */
  private static final Pattern SETTING = Pattern.compile("socketchat(\\.[a-z0-9-]+)+");

  private final UnaryOperator<String> lookup;
  private final Set<String> asked = ConcurrentHashMap.newKeySet();

  AskedSettings(UnaryOperator<String> lookup) {
    this.lookup = Objects.requireNonNull(lookup, "lookup");
  }

  @Override
  public String apply(String name) {
    asked.add(name);
    return lookup.apply(name);
  }

  /**
   * One sentence for each {@code socketchat.*} system property and {@code SOCKETCHAT_*} environment variable whose
   * name was never asked for, naming the setting it most likely meant when one is close.
   */
  List<String> unknown(Set<String> properties, Set<String> variables) {
    List<String> sentences = new ArrayList<>();
    for (String property : properties.stream().sorted().toList()) {
      if (property.startsWith(PROPERTY_PREFIX) && !asked.contains(property)) {
        sentences.add(sentence("system property " + property, nearest(property, asked)));
      }
    }
    Map<String, String> byVariable = new HashMap<>();
    asked.forEach(name -> byVariable.put(Settings.variable(name), name));
    for (String variable : variables.stream().sorted().toList()) {
      if (variable.startsWith(VARIABLE_PREFIX) && !LAUNCHER.contains(variable) && !byVariable.containsKey(variable)) {
        String near = nearest(variable, byVariable.keySet());
        sentences.add(sentence("environment variable " + variable, near));
      }
    }
    return sentences;
  }

  /**
   * A sentence about a setting, naming the environment variable its value came from when it came from one: the
   * sentences name the dotted setting, which an operator who set {@code SOCKETCHAT_HEARTBEAT_INTERVAL} in a file of
   * variables would not find there.
   */
  static String withSource(String sentence, UnaryOperator<String> properties, UnaryOperator<String> variables) {
    if (sentence == null) {
      return null;
    }
    Matcher named = SETTING.matcher(sentence);
    if (!named.find()) {
      return sentence;
    }
    String name = named.group();
    String variable = Settings.variable(name);
    return properties.apply(name) == null && variables.apply(variable) != null
        ? sentence + " (set as the environment variable " + variable + ")"
        : sentence;
  }

  private static String sentence(String what, String near) {
    return what + " is no setting of socketchat and is ignored" + (near == null ? "" : "; did you mean " + near + "?");
  }

  /** The known name closest to {@code name}, if at most three edits apart. */
  private static String nearest(String name, Set<String> known) {
    String best = null;
    int bestDistance = 4;
    for (String candidate : known) {
      int distance = distance(name, candidate);
      if (distance < bestDistance || (distance == bestDistance && best != null && candidate.compareTo(best) < 0)) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return best;
  }

  /** Levenshtein distance: the fewest single-character insertions, deletions and changes from one to the other. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int change = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(change, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
