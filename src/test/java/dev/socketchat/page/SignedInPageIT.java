package dev.socketchat.page;

import static dev.socketchat.page.ChatPage.hook;
import static dev.socketchat.page.ChatPageIT.lobbyChange;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.ChatClient;
import dev.socketchat.testing.DroppingProxy;
import dev.socketchat.testing.Jwt;
import dev.socketchat.testing.Requests;
import dev.socketchat.testing.StandaloneProcess;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import org.openqa.selenium.By;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chat page in real headless Chromium, signed in with the site's token in its address ({@code ?access_token=}),
 * against the standalone jar in optional mode: it chats under the token's name, which guests then cannot take.
 */
class SignedInPageIT {
  private static final String SECRET = "the-page-test-secret-of-at-least-32-bytes";
  private static StandaloneProcess server;
  private static Chromium browser;

  @BeforeAll
  static void start() {
    server =
        StandaloneProcess.start(
            "signed-in-page", Map.of("socketchat.auth.mode", "optional", "socketchat.auth.hmac-secret", SECRET));
    browser = Chromium.start("en");
  }

  @AfterAll
  static void stop() throws InterruptedException {
    try {
      browser.close();
    } finally {
      server.close();
    }
  }

  @AfterEach
  void nothingWentWrongInTheBrowser() {
    assertThat(browser.consoleErrors()).as("console errors in the browser").isEmpty();
  }

  @Test
  void aModeratorsPageOffersToRemoveEveryMemberButTheOwnerAndToDeleteTheRoom() {
    long exp = Instant.now().getEpochSecond() + 600;
    String token = Jwt.hs256(SECRET, Jwt.claims("mod-1", exp, "\"name\":\"mod\",\"roles\":[\"moderator\"]"));
    ChatPage page = new ChatPage(browser, URI.create(server.base() + "?access_token=" + token));
    try (ChatClient owner = ChatClient.connect(server).as("own");
        ChatClient noisy = ChatClient.connect(server).as("noisy")) {
      int room = owner.createRoom("Watched");
      noisy.join(room);
      owner.expectOk("SERVER_ROOM_JOIN");

      page.open();
      page.until(d -> "mod".equals(page.find("current-nickname").getText()));
      page.join("Watched");
      page.awaitMembers("own", "noisy", "mod");
      assertThat(page.find("delete-room").isDisplayed()).as("a moderator deletes any room").isTrue();
      assertThat(page.all("kick-member")).as("not the owner, not itself").hasSize(1);

      page.driver()
          .findElement(By.cssSelector("[data-testid='member'][data-name='noisy']"))
          .findElement(hook("kick-member"))
          .click();
      page.confirm();

      page.awaitMembers("own", "mod");
      assertThat(owner.expectOk("SERVER_ROOM_JOIN").getString("nickName")).isEqualTo("mod");
      assertThat(owner.expectOk("SERVER_ROOM_KICK").getString("by")).isEqualTo("mod");
    }
  }

  @Test
  void aModeratorsPageWhoseCreateReplyWasLostLetsGoOfItsOwnRoomAndLeavesItsOtherTabsRoomOfThatName()
      throws IOException {
    long exp = Instant.now().getEpochSecond() + 600;
    String token = Jwt.hs256(SECRET, Jwt.claims("mod-2", exp, "\"name\":\"mae\",\"roles\":[\"moderator\"]"));
    try (DroppingProxy network = DroppingProxy.to(server.port());
        ChatClient otherTab = ChatClient.connect(URI.create(server.chat() + "?access_token=" + token)).as("mae");
        ChatClient watcher = ChatClient.connect(server).as("wes")) {
      int kept = otherTab.createRoom("Plans"); // the same person, in another tab: the same name, a moderator too
      ChatPage page =
          new ChatPage(browser, URI.create("http://127.0.0.1:" + network.port() + "/?access_token=" + token));
      try {
        page.open();
        page.until(d -> "mae".equals(page.find("current-nickname").getText()));
        page.createRoom("First"); // the page has a session to resume
        page.backToLobby();
        watcher.send("{\"type\":\"CLIENT_LOBBY_SUBSCRIBE\"}");
        watcher.expectOk("SERVER_LOBBY_SUBSCRIBE");

        network.muteReplies(); // the create gets through, its reply does not
        page.find("room-name").sendKeys("Plans");
        page.find("create-room").click();
        int lost =
            lobbyChange(watcher, change -> "Plans".equals(change.getString("roomName", null))).getInt("roomID");
        network.cut();
        page.awaitConnection("open", ChatPage.WAIT);

        lobbyChange(watcher, change -> "deleted".equals(change.getString("change")) && change.getInt("roomID") == lost);
        watcher.send(Requests.list());
        assertThat(watcher.expectOk("SERVER_ROOM_LIST").getJsonArray("rooms").getValuesAs(JsonObject.class))
            .as("the other tab's room, which a moderator's delete would have ended too")
            .anyMatch(room -> room.getInt("roomID") == kept);
      } finally {
        browser.driver().get("about:blank"); // before the relay goes: a page left trying it would log errors
      }
    }
  }

  @Test
  void aPageWithTheSitesTokenChatsUnderItsNameAndGuestsCannotTakeIt() {
    long exp = Instant.now().getEpochSecond() + 600;
    String token = Jwt.hs256(SECRET, Jwt.claims("user-7", exp, "\"name\":\"지영\""));
    ChatPage page = new ChatPage(browser, URI.create(server.base() + "?access_token=" + token));

    page.open();
    page.awaitView("lobby");
    page.until(d -> "지영".equals(page.find("current-nickname").getText()));
    assertThat(page.find("change-nickname").isDisplayed()).as("the token says who this is").isFalse();
    page.createRoom("signed in");
    assertThat(page.owner()).isEqualTo("지영");

    try (ChatClient guest = ChatClient.connect(server)) {
      guest.send(Requests.create("impostor's", "지영"));
      guest.expectRefusal("SERVER_ROOM_CREATE", "NAME_RESERVED");
    }
  }
}
