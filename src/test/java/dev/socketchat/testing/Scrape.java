package dev.socketchat.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** One read of a server's {@code GET metrics}, in Prometheus' text format: each sample by its series. */
public final class Scrape {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

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
    HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve("metrics")).timeout(Duration.ofSeconds(10));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
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
