package dev.socketchat.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The command line: {@code --name value} pairs (and repeatable {@code --attach}), checked against known names. */
final class Options {
  static final Set<String> KNOWN = Set.of("servers", "attach", "jar", "server-java", "jvm-opts", "generator-java",
      "heartbeat", "nodes", "out", "max-minutes", "layouts", "rates", "step-seconds", "warmup-seconds",
      "drain-seconds", "size", "p99-limit-ms", "workers", "connections", "room-size", "connect-rate", "idle-seconds",
      "per-generator", "churners", "rooms", "seconds", "max-cycles", "client");

  private final Map<String, String> values = new LinkedHashMap<>();
  private final List<String> attached = new ArrayList<>();

  Options(List<String> args) {
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--") || !KNOWN.contains(arg.substring(2))) {
        throw new IllegalArgumentException("unknown option " + arg);
      }
      if (i + 1 >= args.size()) {
        throw new IllegalArgumentException(arg + " needs a value");
      }
      String value = args.get(++i);
      if (arg.equals("--attach")) {
        attached.add(value);
      } else {
        values.put(arg.substring(2), value);
      }
    }
  }

  String text(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  double number(String name, double fallback) {
    String value = values.get(name);
    try {
      return value == null ? fallback : Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a number, not " + value);
    }
  }

  List<Double> numbers(String name, String fallback) {
    List<Double> numbers = new ArrayList<>();
    for (String part : text(name, fallback).split(",")) {
      numbers.add(Double.parseDouble(part.strip()));
    }
    return numbers;
  }

  /** {@code 20x20,200x10} as pairs of rooms and members. */
  List<int[]> layouts(String name, String fallback) {
    List<int[]> layouts = new ArrayList<>();
    for (String part : text(name, fallback).split(",")) {
      String[] rm = part.strip().split("[x×]");
      if (rm.length != 2) {
        throw new IllegalArgumentException("--" + name + " wants ROOMSxMEMBERS[,...], not " + part);
      }
      layouts.add(new int[] {Integer.parseInt(rm[0]), Integer.parseInt(rm[1])});
    }
    return layouts;
  }

  /** The client the generators make their connections with ({@code --client own|jdk}, default own). */
  Client client() {
    return Client.named(text("client", "own"));
  }

  List<String> attached() {
    return List.copyOf(attached);
  }
}
