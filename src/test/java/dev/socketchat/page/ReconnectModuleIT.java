package dev.socketchat.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.NodeScript;
import org.junit.jupiter.api.Test;

/**
 * The page's lost-connection modules ({@code chat-socket.js}, {@code session.js}, {@code reconnect.js}) on a fake
 * socket, in node.
 */
class ReconnectModuleIT {

  @Test
  void theSocketBacksOffAndThePageResumesOrGetsBackIntoItsRoomsAndLobbyAfterALostConnection() {
    assertThat(NodeScript.run("reconnect.mjs"))
        .contains("# pass 37", "# fail 0", "reconnect: all checks passed")
        .doesNotContain("not ok");
  }
}
