package dev.socketchat.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.ChatClient;
import dev.socketchat.testing.ClusterUnderTest;
import dev.socketchat.testing.Requests;
import dev.socketchat.testing.Scrape;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard ({@code deploy/grafana/socketchat.json}) asks only for series a real node serves: every metric
 * name in its queries is in a scrape of a cluster node (Redis included) after some chat.
 */
class GrafanaDashboardIT {
  private static final Path DASHBOARD = Path.of("deploy", "grafana", "socketchat.json");
  private static final Pattern METRIC = Pattern.compile("\\b(?:socketchat|jvm|process|lettuce|system)_[a-z0-9_]+");
  private static ClusterUnderTest cluster;

  @BeforeAll
  static void start() {
    cluster = ClusterUnderTest.start("grafana", 2, Map.of());
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void everyMetricTheDashboardQueriesIsServed() throws IOException {
    try (ChatClient owner = ChatClient.connect(cluster.node(0)).as("owner")) {
      int room = owner.createRoom("dashboard");
      owner.send(Requests.chat(room, "owner", "hello"));
      owner.expectOk("SERVER_CHAT_SEND");
    }
    Set<String> queried = queriedMetrics();
    assertThat(queried).as("the dashboard's metrics").hasSizeGreaterThan(20);
    assertThat(Scrape.of(cluster.node(0)).names()).containsAll(queried);
  }

  /** Every metric name in the expressions of the dashboard's panels. */
  private static Set<String> queriedMetrics() throws IOException {
    JsonObject dashboard;
    try (JsonReader reader = Json.createReader(Files.newBufferedReader(DASHBOARD))) {
      dashboard = reader.readObject();
    }
    Set<String> names = new TreeSet<>();
    for (JsonValue value : dashboard.getJsonArray("panels")) {
      JsonObject panel = value.asJsonObject();
      if (!panel.containsKey("targets")) {
        continue; // a row
      }
      for (JsonValue target : panel.getJsonArray("targets")) {
        Matcher metric = METRIC.matcher(target.asJsonObject().getString("expr"));
        while (metric.find()) {
          names.add(metric.group());
        }
      }
    }
    return names;
  }
}
