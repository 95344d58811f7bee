package dev.socketchat.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.ServerUnderTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chat page as a WAR serves it under {@code /socketchat/}: it finds its endpoint under the context path and two
 * people chat through it, in real headless Chromium. Each application server has a subclass.
 */
abstract class DeployedChatPageContract {
  private static Chromium aliceBrowser;
  private static Chromium bobBrowser;

  /** The server under test, serving the page at its base address. */
  abstract ServerUnderTest server();

  @BeforeAll
  static void browsers() {
    aliceBrowser = Chromium.start("en");
    bobBrowser = Chromium.start("ko");
  }

  @AfterAll
  static void closeBrowsers() {
    aliceBrowser.close();
    bobBrowser.close();
  }

  @Test
  void twoPeopleChatThroughThePageServedUnderTheContextPath() {
    assertThat(server().base().getPath()).isEqualTo("/socketchat/");
    ChatPage alice = new ChatPage(aliceBrowser, server().base()).openAs("alice");
    ChatPage bob = new ChatPage(bobBrowser, server().base()).openAs("민수");
    assertThat(alice.connectionState()).isEqualTo("open");

    alice.createRoom("Deployed");
    bob.join("Deployed");
    alice.awaitMembers("alice", "민수");
    bob.awaitMembers("alice", "민수");
    alice.say("served from " + server().name());
    bob.awaitMessage("alice", "served from " + server().name());
    bob.say("안녕하세요 <b>alice</b>");
    alice.awaitMessage("민수", "안녕하세요 <b>alice</b>");

    alice.delete();
    bob.awaitView("lobby");
    assertThat(aliceBrowser.consoleErrors()).as("console errors in alice's browser").isEmpty();
    assertThat(bobBrowser.consoleErrors()).as("console errors in bob's browser").isEmpty();
  }
}
