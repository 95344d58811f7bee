package dev.socketchat.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.StandaloneProcess;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The warm-up at start: its traffic flows in full, and the server that starts after it holds nothing of it. */
class WarmupIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void everyMessageOfEveryRoundReachesEveryMemberOnChatAndSocketIo() throws Exception {
    Warmup.Outcome outcome = Warmup.run(Duration.ofSeconds(90));

    assertThat(outcome.deliveries()).isEqualTo(Warmup.DELIVERIES);
    assertThat(outcome.took()).isLessThan(Duration.ofSeconds(90));
  }

  @Test
  void theServerThatStartsAfterItHoldsNoConnectionRoomOrDeliveryOfIt() throws Exception {
    Map<String, String> warmUp = Map.of("socketchat.warmup", "90000");
    try (StandaloneProcess server = StandaloneProcess.start("standalone-warmed-up", warmUp)) {
      assertThat(server.log())
          .contains("warmed up: " + Warmup.DELIVERIES + " chat messages delivered in ")
          .containsOnlyOnce("Started listener bound to") // the warm-up's own server logged nothing
          .doesNotContain("WARNING");
      assertThat(get(server, "status"))
          .contains("\"connections\":0,\"suspended\":0,\"seats\":0,\"rooms\":0,");
      assertThat(get(server, "metrics")).contains("socketchat_deliveries_total 0.0");
    }
  }

  private static String get(StandaloneProcess server, String path) throws Exception {
    HttpResponse<String> response =
        HTTP.send(HttpRequest.newBuilder(server.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }
}
