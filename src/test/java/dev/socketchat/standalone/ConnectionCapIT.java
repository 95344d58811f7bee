package dev.socketchat.standalone;

import static dev.socketchat.testing.Requests.chat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.ChatClient;
import dev.socketchat.testing.Eventually;
import dev.socketchat.testing.Handshakes;
import dev.socketchat.testing.Scrape;
import dev.socketchat.testing.StandaloneProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The runner's cap on open connections ({@code socketchat.http.max-connections}): one more is answered 503 {@code
 * SERVER_FULL} and closed, the open ones carry on, and a connection that closes makes room for the next.
 */
class ConnectionCapIT {
  private static final int MAX = 4;
  private static StandaloneProcess server;

  @BeforeAll
  static void start() {
    server =
        StandaloneProcess.start(
            "standalone-connection-cap", Map.of("socketchat.http.max-connections", Integer.toString(MAX)));
  }

  @AfterAll
  static void stop() throws InterruptedException {
    server.close();
  }

  /** The first bytes the server answers a WebSocket handshake on a new connection with (ten seconds at most). */
  private static String handshake() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(server.base().getHost(), server.port()), 10_000);
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(Handshakes.chatUpgradeRequest());
      byte[] answer = new byte[512];
      int read = socket.getInputStream().read(answer);
      return read < 0 ? "" : new String(answer, 0, read, StandardCharsets.US_ASCII);
    } catch (IOException failed) {
      return "failed: " + failed; // a reset, or a refused connect: no answer to count
    }
  }

  /** The SERVER_FULL refusals the metrics count, or -1 while the server is too full to answer the scrape. */
  private static double refusalsCounted() {
    HttpResponse<String> scrape;
    try {
      scrape = Scrape.get(server, null);
    } catch (UncheckedIOException refused) {
      return -1; // the full server closed the connection
    }
    return scrape.statusCode() == 200
        ? Scrape.parse(scrape.body()).value("socketchat_refusals_total{reason=\"SERVER_FULL\"}")
        : -1;
  }

  @Test
  void beyondItsMaximumANewConnectionIsAnswered503ServerFullAndTheOpenOnesCarryOn() throws Exception {
    List<ChatClient> clients = new ArrayList<>();
    try {
      for (int i = 0; i < MAX; i++) {
        clients.add(ChatClient.connect(server).as("member" + i));
      }

      String refused = handshake();
      assertThat(refused).startsWith("HTTP/1.1 503").contains("{\"status\":false,\"reason\":\"SERVER_FULL\"}");

      ChatClient owner = clients.get(0);
      ChatClient guest = clients.get(1);
      int room = owner.createRoom("full house");
      guest.join(room);
      owner.expectOk("SERVER_ROOM_JOIN");
      owner.send(chat(room, "member0", "still here"));
      assertThat(guest.expectOk("SERVER_CHAT_SEND").getString("message")).isEqualTo("still here");

      clients.remove(MAX - 1).close();
      Eventually.await(
          Duration.ofSeconds(10),
          ConnectionCapIT::handshake,
          answer -> answer.startsWith("HTTP/1.1 101"),
          "a closed connection to make room for a new one");
      // the scrape is a connection too: it waits for the probe's own to be let go, as a full server refuses it
      double counted =
          Eventually.await(
              Duration.ofSeconds(10),
              ConnectionCapIT::refusalsCounted,
              count -> count >= 0,
              "a scrape of the metrics with room for it");
      assertThat(counted).as("the refusals counted by their reason").isGreaterThanOrEqualTo(1);
    } finally {
      clients.forEach(ChatClient::close);
    }
  }
}
