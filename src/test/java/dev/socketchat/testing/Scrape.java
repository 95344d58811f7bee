package dev.socketchat.testing;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** One read of a server's {@code GET metrics}, in Prometheus' text format: each sample by its series. */
public final class Scrape {
  private final Map<String, Double> samples;

  private Scrape(Map<String, Double> samples) {
    this.samples = samples;
  }

  /** Reads the server's metrics; fails unless it answers 200. */
  public static Scrape of(ServerUnderTest server) {
    HttpResponse<String> response = get(server, null);
    if (response.statusCode() != 200) {
      throw new IllegalStateException("GET metrics answered " + response.statusCode() + ": " + response.body());
    }
    return parse(response.body());
  }

  /** The raw answer to {@code GET metrics}, with the given {@code Authorization} header unless null. */
  public static HttpResponse<String> get(ServerUnderTest server, String authorization) {
    return authorization == null
        ? HttpGet.send(server.resolve("metrics"))
        : HttpGet.send(server.resolve("metrics"), "Authorization", authorization);
  }

  /** Reads Prometheus' text format: one sample per line that is not a comment. */
  public static Scrape parse(String text) {
    Map<String, Double> samples = new HashMap<>();
    for (String line : text.lines().toList()) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
    }
    return new Scrape(samples);
  }

  /** The value of a series as the text format spells it ({@code name{label="value",…}}); 0 when absent. */
  public double value(String series) {
    return samples.getOrDefault(series, 0.0);
  }

  /** How much each series grew since {@code before}, by name in the order given (readable in a failure message). */
  public java.util.Map<String, Double> since(Scrape before, String... series) {
    java.util.Map<String, Double> grown = new java.util.LinkedHashMap<>();
    for (String name : series) {
      grown.put(name, value(name) - before.value(name));
    }
    return grown;
  }

  /** Whether the series is there at all. */
  public boolean has(String series) {
    return samples.containsKey(series);
  }

  /** The names of every sample's metric, without labels ({@code socketchat_delivery_latency_seconds_bucket}, …). */
  public Set<String> names() {
    return samples.keySet().stream()
        .map(series -> series.contains("{") ? series.substring(0, series.indexOf('{')) : series)
        .collect(Collectors.toUnmodifiableSet());
  }
}
