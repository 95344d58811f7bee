package dev.socketchat.page;

import static dev.socketchat.page.ChatPage.hook;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.StandaloneProcess;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The owner's remove action and the kicked person's notice, in two real headless Chromiums against the jar. */
class ModerationPageIT {
  private static StandaloneProcess server;
  private static Chromium aliceBrowser;
  private static Chromium bobBrowser;

  @BeforeAll
  static void start() {
    server = StandaloneProcess.start("moderation-page", Map.of());
    aliceBrowser = Chromium.start("en");
    bobBrowser = Chromium.start("en");
  }

  @AfterAll
  static void stop() throws InterruptedException {
    try {
      aliceBrowser.close();
      bobBrowser.close();
    } finally {
      server.close();
    }
  }

  /** The remove button on the member list entry of {@code name}. */
  private static WebElement removeButton(ChatPage page, String name) {
    return page.driver().findElement(By.cssSelector("[data-testid='member'][data-name='" + name + "']"))
        .findElement(hook("kick-member"));
  }

  @Test
  void theOwnerRemovesAMemberWhoIsToldWhoDidItAndCannotJoinAgain() {
    ChatPage alice = new ChatPage(aliceBrowser, server.base());
    ChatPage bob = new ChatPage(bobBrowser, server.base());
    alice.openAs("alice");
    bob.openAs("bob");
    alice.createRoom("Moderated");
    bob.join("Moderated");
    alice.awaitMembers("alice", "bob");
    bob.awaitMembers("alice", "bob");
    assertThat(bob.all("kick-member")).as("only the owner may remove members").isEmpty();
    assertThat(alice.all("kick-member")).as("the owner does not remove itself").hasSize(1);

    removeButton(alice, "bob").click();
    assertThat(alice.find("confirm-text").getText()).contains("Remove bob from the room?");
    alice.confirm();

    alice.awaitMembers("alice");
    alice.awaitEvent("bob was removed from the room by alice.");
    bob.awaitView("lobby");
    bob.awaitNotice("alice removed you from \"Moderated\". You cannot join it again while it exists.");

    bob.awaitRoomItem("Moderated").findElement(hook("join-room")).click();
    bob.awaitNotice("You were removed from that room and cannot join it again while it exists.");
    assertThat(bob.view()).isEqualTo("lobby");
    assertThat(aliceBrowser.consoleErrors()).isEmpty();
    assertThat(bobBrowser.consoleErrors()).isEmpty();
  }
}
