package dev.socketchat.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.NodeScript;
import org.junit.jupiter.api.Test;

/** The page's lobby module ({@code webapp/lobby-feed.js}) against a fake socket, run by node. */
class LobbyFeedModuleIT {

  @Test
  void theLobbyModuleShowsTheSubscriptionsListAndAppliesOnlyThatSubscriptionsChanges() {
    assertThat(NodeScript.run("lobby-feed.mjs")).contains("lobby feed: 7 checks passed");
  }
}
