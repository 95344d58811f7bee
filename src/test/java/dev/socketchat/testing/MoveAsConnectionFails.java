package dev.socketchat.testing;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** A Socket.IO page that moves to another room ({@code join_room}) as its connection fails, then recovers. */
public final class MoveAsConnectionFails {
  private MoveAsConnectionFails() {}

  /**
   * The mover reaches {@code origin} through {@code relay}, which mutes what the server sends it before it moves and is
   * cut after; the stayer, in the room the mover leaves silently, and the mover's second connection reach {@code
   * recoveredOn}. The recovery must bring exactly what the old room said to the mover before its move, nothing after.
   */
  public static void play(ServerUnderTest origin, DroppingProxy relay, ServerUnderTest recoveredOn) {
    String tag = Long.toString(System.nanoTime(), 36);
    String old = "old-" + tag;
    URI direct = Handshakes.socketIo(origin);
    URI relayed = URI.create(direct.toString().replace(":" + direct.getPort() + "/", ":" + relay.port() + "/"));
    try (EngineIoSocket mover = EngineIoSocket.open(URI.create(relayed + "&name=mover&room=" + old), true);
        EngineIoSocket stayer = EngineIoSocket.open(recoveredOn, "name=stayer&room=" + old, true);
        EngineIoSocket moverAgain = EngineIoSocket.open(recoveredOn, "name=mover&room=" + old, true)) {
      String pid = EngineIoSocket.pidOf(mover.connectNamespace());
      assertThat(mover.ack(1, "[\"join_room\",{\"type\":1}]")).isEqualTo("431[{\"status\":true}]");
      EngineIoSocket.pidOf(stayer.connectNamespace());
      assertThat(stayer.ack(1, "[\"join_room\",{\"type\":1}]")).isEqualTo("431[{\"status\":true}]");
      stayer.send("42[\"chatting\",\"heard\"]");
      assertThat(stayer.next()).contains("\"heard\"");
      String got = EngineIoSocket.offsetOf(mover.next());

      relay.muteReplies(); // what the server sends the mover from now on is lost on the way
      List<String> owed = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        stayer.send("42[\"chatting\",\"unheard " + i + "\"]");
        assertThat(stayer.next()).contains("\"view\":2,");
        owed.add("unheard " + i);
      }
      mover.send("42[\"join_room\",{\"idx\":\"new-" + tag + "\",\"name\":\"mover\",\"type\":1}]");
      // the stayer talks until the room counts only itself: what it said before that was the mover's too
      for (int i = 0; i < 200; i++) {
        stayer.send("42[\"chatting\",\"line " + i + "\"]");
        String line = stayer.next();
        if (line.contains("\"view\":1,")) {
          break;
        }
        assertThat(line).contains("\"view\":2,");
        owed.add("line " + i);
      }
      stayer.send("42[\"chatting\",\"after the move\"]");
      assertThat(stayer.next()).contains("\"view\":1,");
      relay.cut();

      moverAgain.send("40" + Json.createObjectBuilder().add("pid", pid).add("offset", got).build());
      List<String> replayed = new ArrayList<>();
      for (String frame = moverAgain.next(); !frame.startsWith("40"); frame = moverAgain.next()) {
        replayed.add(frame);
      }
      assertThat(replayed)
          .as("what the old room said to the mover after %s, before its move", got)
          .hasSize(owed.size())
          .allSatisfy(frame -> assertThat(frame).doesNotContain("after the move"));
      for (int i = 0; i < owed.size(); i++) {
        assertThat(replayed.get(i)).contains("\"msg\":\"" + owed.get(i) + "\"");
      }
    }
  }
}
