package dev.socketchat.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.ChatClient;
import dev.socketchat.testing.EngineIoSocket;
import dev.socketchat.testing.FineLogging;
import dev.socketchat.testing.StandaloneProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * With the server's own lines at FINE, what a client chose (a Socket.IO event's name or namespace, the reason in a
 * close frame) is written quoted, escaped and cut: it can neither start a log line of its own nor make one without
 * end.
 */
class ClientTextInLogIT {
  private static final String FORGED = "2026-12-07 10:00:00 SEVERE forged";

  @Test
  void anEventNameAndACloseReasonWithLineBreaksStayInsideTheirOwnShortLine() throws Exception {
    StandaloneProcess server =
        StandaloneProcess.start(
            "client-text-in-log", Map.of(FineLogging.PROPERTY, FineLogging.file("client-text", "dev.socketchat")));
    try {
      try (EngineIoSocket page = EngineIoSocket.open(server, "name=forger&room=logs", true)) {
        assertThat(page.connectNamespace()).startsWith("40{");
        page.send("421[\"evt\\n" + FORGED + " by an event\",{}]");
        assertThat(page.next()).startsWith("431[{\"status\":false,\"reason\":\"UNKNOWN_TYPE\"");
        page.send("422[\"" + "e".repeat(100_000) + "\",{}]");
        assertThat(page.next()).startsWith("432[{\"status\":false,\"reason\":\"UNKNOWN_TYPE\"");
      }
      try (EngineIoSocket page = EngineIoSocket.open(server, "name=stranger&room=logs", true)) {
        assertThat(page.connectNamespace()).startsWith("40{");
        page.send("42/x\n" + FORGED + " by a namespace" + "n".repeat(100_000) + ",[\"a\"]"); // one it never joined
        assertThat(page.closed().get(10, TimeUnit.SECONDS)).as("a packet of a namespace not joined").isEqualTo(1002);
      }
      ChatClient.connect(server).close(4000, "bye\n" + FORGED + " by a close");
    } finally {
      var unused = server.stop(Duration.ofSeconds(30)); // its log complete
    }

    List<String> lines = server.log().lines().toList();
    assertThat(lines)
        .as("the event's and the close's lines, the client's text escaped in them")
        .anySatisfy(line -> assertThat(line).contains("refused").contains("\\u000a" + FORGED))
        .anySatisfy(line -> assertThat(line).contains("closed: 4000").contains("\\u000a" + FORGED + " by a close"))
        .anySatisfy(line -> assertThat(line).contains("namespace").contains("\\u000a" + FORGED));
    assertThat(lines).as("no line the client began").noneMatch(line -> line.startsWith(FORGED));
    assertThat(lines).as("no line of the long event name").allMatch(line -> line.length() < 1_000);
  }
}
