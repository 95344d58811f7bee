package dev.socketchat.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.StandaloneProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The page outlives its server: the standalone process is stopped with SIGTERM and a new one is started on the same
 * port; both pages reconnect by themselves and get back into their room.
 */
class ChatPageRestartIT {
  /** Stopping, starting a JVM and the page's backoff (at most 8 s between attempts) on a busy machine. */
  private static final Duration RECOVERY = Duration.ofSeconds(90);
  /** What Chromium logs, as errors, for each refused connection attempt while the server is down. */
  private static final String REFUSED_WEBSOCKET = "WebSocket connection to '";

  private StandaloneProcess server;
  private Chromium aliceBrowser;
  private Chromium bobBrowser;

  @AfterEach
  void stop() throws InterruptedException {
    try {
      if (aliceBrowser != null) {
        aliceBrowser.close();
      }
      if (bobBrowser != null) {
        bobBrowser.close();
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  @Test
  void thePagesReconnectAfterARestartAndGetBackIntoTheirRoom() throws InterruptedException {
    server = StandaloneProcess.start("chat-page-restart-1", Map.of());
    aliceBrowser = Chromium.start("en");
    bobBrowser = Chromium.start("en");
    ChatPage alice = new ChatPage(aliceBrowser, server.base()).openAs("alice");
    ChatPage bob = new ChatPage(bobBrowser, server.base()).openAs("bob");
    alice.createRoom("Survivors");
    bob.join("Survivors");
    alice.awaitMembers("alice", "bob");
    alice.say("before the restart");
    bob.awaitMessage("alice", "before the restart");
    assertThat(aliceBrowser.consoleErrors()).isEmpty();
    assertThat(bobBrowser.consoleErrors()).isEmpty();

    int port = server.port();
    server.stop(Duration.ofSeconds(30)); // SIGTERM: the server drains, closing every connection with 1012, and exits
    alice.until(d -> !"open".equals(alice.connectionState()));
    bob.until(d -> !"open".equals(bob.connectionState()));
    alice.awaitEvent("The connection was lost. Reconnecting…");
    assertThat(alice.find("message-input").isEnabled()).as("nothing can be sent while offline").isFalse();

    server = StandaloneProcess.start("chat-page-restart-2", port, Map.of());
    assertThat(server.port()).isEqualTo(port);
    alice.awaitConnection("open", RECOVERY);
    bob.awaitConnection("open", RECOVERY);

    alice.waiting(RECOVERY)
        .until(d -> alice.events().contains(
            "Reconnected: the room had closed while you were away, so it was opened again with you as its owner."));
    bob.waiting(RECOVERY)
        .until(d -> bob.events().contains(
            "Reconnected: you are back in the room. Messages sent while you were away are not shown."));
    alice.awaitMembers("alice", "bob");
    bob.awaitMembers("alice", "bob");
    assertThat(alice.view()).isEqualTo("room");
    assertThat(bob.find("room-title").getText()).isEqualTo("Survivors");
    assertThat(bob.messages()).as("the log from before the restart is kept").contains(
        new ChatPage.Line("alice", "before the restart"));

    bob.say("after the restart");
    alice.awaitMessage("bob", "after the restart");
    alice.say("welcome back");
    bob.awaitMessage("alice", "welcome back");

    bob.backToLobby();
    bob.awaitRoomItem("Survivors");
    assertThat(bob.roomNames()).as("the room is listed once, under its new number").containsExactly("Survivors");

    assertOnlyRefusedConnections(aliceBrowser.consoleErrors());
    assertOnlyRefusedConnections(bobBrowser.consoleErrors());
  }

  private static void assertOnlyRefusedConnections(List<String> errors) {
    assertThat(errors)
        .as("console errors other than the refused reconnection attempts while the server was down")
        .allMatch(line -> line.contains(REFUSED_WEBSOCKET) && line.contains("failed"));
  }
}
