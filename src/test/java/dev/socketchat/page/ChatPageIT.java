package dev.socketchat.page;

import static dev.socketchat.page.ChatPage.hook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.socketchat.domain.Reason;
import dev.socketchat.page.ChatPage.Line;
import dev.socketchat.testing.ChatClient;
import dev.socketchat.testing.DroppingProxy;
import dev.socketchat.testing.FreePorts;
import dev.socketchat.testing.Requests;
import dev.socketchat.testing.StandaloneProcess;
import dev.socketchat.testing.Status;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;

/** The chat page in real headless Chromium, two people in two browsers, against the standalone jar. */
class ChatPageIT {
  /** The server pushes lobby changes within 250 ms; "at once" on an idle machine, with room for a busy one. */
  private static final Duration LOBBY_FOLLOWS_WITHIN = Duration.ofSeconds(5);

  /** "Hello" in Arabic: a name and a message written right to left. */
  private static final String MARHABA = "\u0645\u0631\u062d\u0628\u0627";
  private static final String AHLAN_BIKUM = "\u0623\u0647\u0644\u0627 \u0628\u0643\u0645 \u062c\u0645\u064a\u0639\u0627";
  private static final String SHUKRAN = "\u0634\u0643\u0631\u0627";
  /** "Room 2" in Arabic. */
  /** A room name as long as names go (30 characters) without a place to break it. */
  private static final String LONG_ROOM_NAME = "W".repeat(30);
  private static final String ROOM_TWO = "\u063a\u0631\u0641\u0629 2";

  private static StandaloneProcess server;
  private static Chromium aliceBrowser;
  private static Chromium bobBrowser;

  private final List<ChatClient> clients = new ArrayList<>();
  private ChatPage alice;
  private ChatPage bob;

  @BeforeAll
  static void start() {
    // long enough for a page whose connection a test drops to resume without hurrying (test servers default to 2 s)
    server = StandaloneProcess.start("chat-page", Map.of("socketchat.session.resume-window", "30000"));
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

  @BeforeEach
  void pages() {
    // leaving the page closes its connection, which takes it out of the rooms of the test before
    aliceBrowser.driver().get("about:blank");
    bobBrowser.driver().get("about:blank");
    alice = new ChatPage(aliceBrowser, server.base());
    bob = new ChatPage(bobBrowser, server.base());
  }

  @AfterEach
  void nothingWentWrongInTheBrowsers() {
    clients.forEach(ChatClient::close);
    clients.clear();
    assertThat(aliceBrowser.consoleErrors()).as("console errors in alice's browser").isEmpty();
    assertThat(bobBrowser.consoleErrors()).as("console errors in bob's browser").isEmpty();
  }

  /** Alice's browser, reaching the server through {@code network}. */
  private ChatPage behind(DroppingProxy network) {
    return new ChatPage(aliceBrowser, URI.create("http://127.0.0.1:" + network.port() + "/"));
  }

  /** The page, as fay, creates a room that gus joins over {@code /chat}; returns gus once the page shows both. */
  private ChatClient withGus(ChatPage fay, String room) {
    fay.openAs("fay");
    fay.createRoom(room);
    ChatClient gus = client("gus");
    gus.join(roomNumber(gus, room));
    fay.awaitMembers("fay", "gus");
    return gus;
  }

  private ChatClient client(String nickname) {
    ChatClient client = ChatClient.connect(server).as(nickname);
    clients.add(client);
    return client;
  }

  @Test
  void twoPeopleCreateListJoinChatBothWaysLeaveRejoinAndDelete() {
    alice.openAs("alice");
    bob.openAs("bob");

    alice.createRoom("Weekend plans");
    assertThat(alice.members()).containsExactly("alice");
    assertThat(alice.owner()).isEqualTo("alice");
    assertThat(alice.find("delete-room").isDisplayed()).isTrue();

    WebElement listed = bob.awaitRoomItem("Weekend plans");
    assertThat(listed.findElement(hook("room-item-meta")).getText()).isEqualTo("Owner: alice · 1 member");
    bob.join("Weekend plans");
    bob.awaitMembers("alice", "bob");
    alice.awaitMembers("alice", "bob");
    alice.awaitEvent("bob joined.");
    assertThat(bob.owner()).isEqualTo("alice");
    assertThat(bob.find("delete-room").isDisplayed()).as("only the owner sees delete").isFalse();
    assertThat(bob.events()).containsExactly("You joined the room.");

    alice.say("Hi Bob! 안녕하세요");
    bob.awaitMessage("alice", "Hi Bob! 안녕하세요");
    bob.say("Hello Alice");
    alice.awaitMessage("bob", "Hello Alice");
    bob.type("line one" + Keys.chord(Keys.SHIFT, Keys.ENTER) + "line two" + Keys.ENTER);
    alice.awaitMessage("bob", "line one\nline two");
    assertThat(alice.messages())
        .containsExactly(
            new Line("alice", "Hi Bob! 안녕하세요"), new Line("bob", "Hello Alice"), new Line("bob", "line one\nline two"));
    String sent = alice.find("message-time").getAttribute("datetime");
    assertThat(Instant.parse(sent)).isBetween(Instant.now().minusSeconds(120), Instant.now().plusSeconds(5));
    assertThat(alice.find("message-time").getText()).matches(".*\\d{1,2}:\\d{2}.*");

    bob.backToLobby();
    alice.say("while you look away");
    bob.until(d -> bob.roomItem("Weekend plans")
        .map(item -> item.findElement(hook("room-item-unread")).getText().equals("1 new"))
        .orElse(false));
    assertThat(bob.awaitRoomItem("Weekend plans").findElement(hook("join-room")).getText()).isEqualTo("Open");
    bob.join("Weekend plans");
    assertThat(bob.messages()).endsWith(new Line("alice", "while you look away"));

    bob.exit();
    bob.awaitNotice("You left \"Weekend plans\".");
    alice.awaitMembers("alice");
    alice.awaitEvent("bob left.");
    bob.until(d -> bob.roomItem("Weekend plans").map(item -> item.getText().contains("1 member")).orElse(false));

    bob.join("Weekend plans");
    alice.awaitMembers("alice", "bob");
    bob.awaitMembers("alice", "bob");
    assertThat(bob.messages())
        .as("a new join sees the room's history, not its own earlier log")
        .containsExactly(
            new Line("alice", "Hi Bob! 안녕하세요"),
            new Line("bob", "Hello Alice"),
            new Line("bob", "line one\nline two"),
            new Line("alice", "while you look away"));
    assertThat(bob.events()).containsExactly("You joined the room.");
    alice.say("Welcome back");
    bob.awaitMessage("alice", "Welcome back");

    alice.delete();
    alice.awaitNotice("You deleted \"Weekend plans\".");
    bob.awaitView("lobby");
    bob.awaitNotice("The room \"Weekend plans\" was deleted by its owner.");
    bob.awaitNoRoomItem("Weekend plans", LOBBY_FOLLOWS_WITHIN);
    alice.awaitNoRoomItem("Weekend plans", LOBBY_FOLLOWS_WITHIN);
  }

  @Test
  void aJoinerSeesTheLatestMessagesAndScrollingUpLoadsOlderOnesUntilTheFirstKeepingItsPlace() {
    ChatClient carol = client("carol");
    int room = carol.createRoom("Long story");
    List<Line> told = new ArrayList<>();
    for (int i = 1; i <= 70; i++) {
      carol.send(Requests.chat(room, "carol", "line " + i));
      carol.expectOk("SERVER_CHAT_SEND");
      told.add(new Line("carol", "line " + i));
    }
    bob.openAs("bob");
    bob.join("Long story");
    bob.until(d -> bob.messages().size() >= 50);
    assertThat(bob.messages()).as("the join's history: the latest fifty, oldest first").isEqualTo(told.subList(20, 70));
    assertThat(bob.script("return document.querySelector('[data-testid=messages]').lastElementChild.textContent"))
        .as("history comes before the line saying the page joined")
        .isEqualTo("You joined the room.");

    Object scrollable =
        bob.script(
            """
            const list = document.querySelector('[data-testid=messages]');
            list.querySelector('[data-testid=message]').dataset.mark = 'first-before';
            list.scrollTop = 0;
            return list.scrollHeight > list.clientHeight;
            """);
    assertThat(scrollable).as("fifty messages fill the list").isEqualTo(true);
    bob.until(d -> bob.messages().size() == 70);
    assertThat(bob.messages()).as("each message once, in order").isEqualTo(told);
    Number shift =
        (Number)
            bob.script(
                """
                const list = document.querySelector('[data-testid=messages]');
                const first = list.querySelector('[data-mark=first-before]');
                return first.getBoundingClientRect().top - list.getBoundingClientRect().top;
                """);
    assertThat(shift.doubleValue())
        .as("the message at the top before is still in sight: the older ones went above it")
        .isBetween(-5.0, 120.0);

    bob.script("document.querySelector('[data-testid=messages]').scrollTop = 0;");
    carol.send(Requests.chat(room, "carol", "after all that"));
    bob.awaitMessage("carol", "after all that");
    assertThat(bob.messages()).as("nothing older than the first is shown, and nothing twice").hasSize(71);
  }

  @Test
  void aDroppedConnectionComesBackWithEveryMessageSentMeanwhileOnceStillTheOwnerAndWithoutLeftOrJoinedNoise()
      throws IOException {
    try (DroppingProxy network = DroppingProxy.to(server.port())) {
      // the page and its /chat connection both go through the relay: the page connects to its own origin
      ChatPage dana = behind(network);
      try {
        dana.openAs("dana");
        dana.createRoom("Tunnel");
        ChatClient erin = client("erin");
        int room = roomNumber(erin, "Tunnel");
        erin.join(room);
        dana.awaitMembers("dana", "erin");
        dana.say("before the tunnel");
        assertThat(erin.expectOk("SERVER_CHAT_SEND").getString("message")).isEqualTo("before the tunnel");
        noteSentFrames(dana);
        holdNewConnections(dana, true); // so that what erin says next can only reach dana by the resume

        network.cut();
        dana.awaitConnection("waiting", ChatPage.WAIT);
        List<Line> shown = new ArrayList<>(List.of(new Line("dana", "before the tunnel")));
        for (int i = 1; i <= 5; i++) {
          erin.send(Requests.chat(room, "erin", "in the tunnel " + i));
          erin.expectOk("SERVER_CHAT_SEND");
          shown.add(new Line("erin", "in the tunnel " + i));
        }
        assertThat(dana.messages()).as("nothing reaches dana while away").hasSize(1);
        holdNewConnections(dana, false); // the network is back: the page's next attempt gets through
        dana.awaitConnection("open", ChatPage.WAIT);
        dana.awaitEvent("Reconnected: you are still in the room, and every message sent meanwhile is shown.");
        dana.until(d -> dana.messages().size() >= shown.size());
        assertThat(dana.messages()).as("every message once, in order").isEqualTo(shown);

        dana.say("out of the tunnel");
        JsonObject next = erin.next();
        assertThat(next.getString("type")).as("erin heard nothing of dana going or coming back").isEqualTo(
            "SERVER_CHAT_SEND");
        assertThat(next.getString("message")).isEqualTo("out of the tunnel");
        assertThat(dana.members()).containsExactly("dana", "erin");
        assertThat(dana.owner()).isEqualTo("dana");
        assertThat(dana.find("delete-room").isDisplayed()).as("still the owner").isTrue();
        assertThat(dana.events())
            .containsExactly(
                "You created this room.",
                "erin joined.",
                "The connection was lost. Reconnecting…",
                "Reconnected: you are still in the room, and every message sent meanwhile is shown.");
        assertThat(sentFrames(dana))
            .as("frames the page sent since the drop")
            .anyMatch(frame -> frame.contains("\"CLIENT_SESSION_RESUME\""))
            .noneMatch(frame -> frame.contains("CLIENT_ROOM_CREATE") || frame.contains("CLIENT_ROOM_JOIN"));
        assertThat(dana.notices()).isEmpty();
      } finally {
        aliceBrowser.driver().get("about:blank"); // before the relay goes: a page left trying it would log errors
      }
    }
  }

  @Test
  void aMessageWhoseReplyWasLostInTheDropIsShownOnceAndNotLeftInTheBoxToBeSentAgain() throws IOException {
    try (DroppingProxy network = DroppingProxy.to(server.port())) {
      ChatPage fay = behind(network);
      try {
        fay.openAs("fay");
        fay.createRoom("Lost reply");
        ChatClient gus = client("gus");
        int room = roomNumber(gus, "Lost reply");
        gus.join(room);
        fay.awaitMembers("fay", "gus");

        network.muteReplies(); // the request gets through, its reply does not
        fay.type("did it go?" + Keys.ENTER);
        assertThat(gus.expectOk("SERVER_CHAT_SEND").getString("message")).isEqualTo("did it go?");
        network.cut();
        fay.awaitConnection("open", ChatPage.WAIT);
        fay.awaitEvent("Reconnected: you are still in the room, and every message sent meanwhile is shown.");

        fay.awaitMessage("fay", "did it go?");
        fay.until(d -> "".equals(fay.script("return document.querySelector('[data-testid=message-input]').value;")));
        assertThat(fay.messages()).containsExactly(new Line("fay", "did it go?"));
        assertThat(fay.find("message-error").isDisplayed()).as("no error left about it").isFalse();
        gus.expectNothingElse();
      } finally {
        aliceBrowser.driver().get("about:blank");
      }
    }
  }

  @Test
  void aMessageLostInTheDropWhileAnotherRoomIsOnScreenIsSettledInItsOwnRoomAndTheOtherBoxIsLeftAlone()
      throws IOException {
    try (DroppingProxy network = DroppingProxy.to(server.port())) {
      ChatPage fay = behind(network);
      try {
        fay.openAs("fay");
        fay.createRoom("Where it went");
        fay.backToLobby();
        fay.createRoom("Where fay looks");
        fay.type("half a thought");
        ChatClient gus = client("gus");
        gus.join(roomNumber(gus, "Where it went"));
        fay.backToLobby();
        fay.join("Where it went");
        fay.awaitMembers("fay", "gus");

        network.muteReplies(); // the message gets through, its reply does not
        fay.type("did it go?" + Keys.ENTER);
        assertThat(gus.expectOk("SERVER_CHAT_SEND").getString("message")).isEqualTo("did it go?");
        fay.backToLobby();
        fay.join("Where fay looks");
        network.cut(); // the message fails on this page, and the resume replays its reply: it was posted
        fay.awaitConnection("open", ChatPage.WAIT);
        fay.awaitEvent("Reconnected: you are still in the room, and every message sent meanwhile is shown.");
        assertThat(fay.find("message-input").getDomProperty("value")).isEqualTo("half a thought");
        assertThat(fay.find("message-error").isDisplayed()).as("no word here about another room's message").isFalse();

        fay.backToLobby();
        fay.join("Where it went");
        fay.awaitMessage("fay", "did it go?");
        assertThat(fay.find("message-input").getDomProperty("value")).as("not given back: it was posted").isEmpty();
        assertThat(fay.find("message-error").isDisplayed()).isFalse();
        assertThat(fay.messages()).containsExactly(new Line("fay", "did it go?"));
      } finally {
        aliceBrowser.driver().get("about:blank");
      }
    }
  }

  @Test
  void aMessageThatFailedWhileTheBoxHeldNewTextStaysInTheLogMarkedNotSent() throws IOException {
    try (DroppingProxy network = DroppingProxy.to(server.port())) {
      ChatPage fay = behind(network);
      try {
        ChatClient gus = withGus(fay, "Nothing lost");

        network.freeze(); // the message never reaches the server
        fay.type("the first thought" + Keys.ENTER);
        fay.type("a second one");
        network.cut();
        fay.awaitConnection("open", ChatPage.WAIT);
        fay.until(d -> !fay.all("unsent").isEmpty());
        assertThat(fay.all("unsent")).extracting(WebElement::getText).containsExactly("Not sent: the first thought");
        assertThat(fay.find("message-input").getDomProperty("value")).isEqualTo("a second one");
        assertThat(fay.messages()).isEmpty();
        gus.expectNothingElse();
      } finally {
        aliceBrowser.driver().get("about:blank");
      }
    }
  }

  @Test
  void aMessageLostInTheDropIsGivenBackSayingNotSentOnceThePageIsConnectedAgainAndEnterSendsIt() throws IOException {
    try (DroppingProxy network = DroppingProxy.to(server.port())) {
      ChatPage fay = behind(network);
      try {
        ChatClient gus = withGus(fay, "Said again");

        network.freeze(); // the message never reaches the server
        fay.type("lost in the drop" + Keys.ENTER);
        network.cut();
        fay.awaitConnection("open", ChatPage.WAIT);
        fay.until(d -> "Not sent. Press Enter to send it again.".equals(fay.find("message-error").getText()));
        assertThat(fay.find("message-input").getDomProperty("value")).isEqualTo("lost in the drop");
        assertThat(fay.messages()).isEmpty();

        fay.type(Keys.ENTER);
        fay.awaitMessage("fay", "lost in the drop");
        assertThat(gus.expectOk("SERVER_CHAT_SEND").getString("message")).isEqualTo("lost in the drop");
        fay.until(d -> !fay.find("message-error").isDisplayed());
        gus.expectNothingElse();
      } finally {
        aliceBrowser.driver().get("about:blank");
      }
    }
  }

  @Test
  void unsentTextWaitingForItsRoomToComeBackSaysSoUntilTheRoomIsBackThenEnterSendsIt() throws IOException {
    try (StandaloneProcess brief =
            StandaloneProcess.start("chat-page-unsent-away", Map.of("socketchat.session.resume-window", "3000"));
        DroppingProxy network = DroppingProxy.to(brief.port())) {
      ChatPage fay = behind(network);
      try {
        ChatClient gus = ChatClient.connect(brief).as("gus");
        clients.add(gus);
        int room = gus.createRoom("Owner away");
        fay.openAs("fay");
        fay.join("Owner away");
        fay.awaitMembers("gus", "fay");
        gus.expectOk("SERVER_ROOM_JOIN");
        network.freeze();
        fay.type("held back" + Keys.ENTER);
        network.cut();
        fay.awaitConnection("open", ChatPage.WAIT);
        fay.until(d -> "Not sent. Press Enter to send it again.".equals(fay.find("message-error").getText()));

        network.retarget(FreePorts.take(1)[0]); // away, longer than the session lasts
        network.cut();
        fay.until(d -> fay.find("message-error").getText().startsWith("You are not connected"));
        gus.send(Requests.delete(room, "gus"));
        gus.expectOk("SERVER_ROOM_DELETE");
        Status.awaitZero(brief, "suspended", "rooms");
        network.retarget(brief.port());
        fay.awaitConnection("open", Duration.ofSeconds(30));
        fay.until(
            d -> "Not sent. You can send it again once you are back in the room."
                .equals(fay.find("message-error").getText()));
        assertThat(fay.find("message-input").isEnabled()).as("the box, while the room is away").isFalse();

        gus.createRoom("Owner away");
        fay.until(d -> "Not sent. Press Enter to send it again.".equals(fay.find("message-error").getText()));
        assertThat(fay.find("message-input").getDomProperty("value")).isEqualTo("held back");
        fay.type(Keys.ENTER);
        fay.awaitMessage("fay", "held back");
        gus.expectOk("SERVER_ROOM_JOIN");
        assertThat(gus.expectOk("SERVER_CHAT_SEND").getString("message")).isEqualTo("held back");
        assertThat(aliceBrowser.consoleErrors())
            .as("console errors other than the reconnection attempts the network refused")
            .allMatch(line -> line.contains("WebSocket connection to '") && line.contains("failed"));
      } finally {
        aliceBrowser.driver().get("about:blank");
      }
    }
  }

  @Test
  void aMessageMarkedNotSentThatTheResumeShowsPostedLeavesNoMarkNorWordBehind() throws IOException {
    try (DroppingProxy network = DroppingProxy.to(server.port())) {
      ChatPage fay = behind(network);
      try {
        ChatClient gus = withGus(fay, "Posted after all");

        network.muteReplies(); // the message gets through, its reply does not
        fay.type("went through" + Keys.ENTER);
        assertThat(gus.expectOk("SERVER_CHAT_SEND").getString("message")).isEqualTo("went through");
        fay.type("still typing");
        network.cut();
        fay.awaitConnection("open", ChatPage.WAIT);
        fay.awaitMessage("fay", "went through");
        fay.until(d -> fay.all("unsent").isEmpty());
        assertThat(fay.find("message-input").getDomProperty("value")).isEqualTo("still typing");
        fay.until(d -> !fay.find("message-error").isDisplayed());
        assertThat(fay.messages()).containsExactly(new Line("fay", "went through"));
        gus.expectNothingElse();
      } finally {
        aliceBrowser.driver().get("about:blank");
      }
    }
  }

  @Test
  void aLateAnswerIsTheAnswerTheMessageIsShownOnceAndNeitherGivenBackNorSentTwice() throws IOException {
    try (DroppingProxy network = DroppingProxy.to(server.port())) {
      ChatPage fay = behind(network);
      try {
        ChatClient gus = withGus(fay, "Slow answers");

        network.holdReplies(); // the message reaches the server; its answer comes late
        fay.type("are you there?" + Keys.ENTER);
        assertThat(gus.expectOk("SERVER_CHAT_SEND").getString("message")).isEqualTo("are you there?");
        fay.until(d -> fay.find("message-error").isDisplayed());
        assertThat(fay.find("message-error").getText())
            .isEqualTo("Sent. The chat server has not confirmed it yet; it appears here once it does.");
        assertThat(fay.find("message-input").getDomProperty("value")).as("not given back to be sent twice").isEmpty();
        network.releaseReplies();

        fay.awaitMessage("fay", "are you there?");
        fay.until(d -> !fay.find("message-error").isDisplayed());
        assertThat(fay.messages()).containsExactly(new Line("fay", "are you there?"));
        gus.expectNothingElse();
      } finally {
        aliceBrowser.driver().get("about:blank");
      }
    }
  }

  @Test
  void aConnectionThatFellSilentIsTakenForLostAndThePageResumesWithItsMessagePostedOnce() throws IOException {
    try (DroppingProxy network = DroppingProxy.to(server.port())) {
      ChatPage fay = behind(network);
      try {
        ChatClient gus = withGus(fay, "Gone quiet");

        // nothing the server sends reaches the page any more (its pings neither: a browser cannot see them), while
        // what the page sends still gets through: the server suspends the session when its heartbeat gives up
        network.holdReplies();
        fay.type("hello?" + Keys.ENTER);
        assertThat(gus.expectOk("SERVER_CHAT_SEND").getString("message")).isEqualTo("hello?");
        fay.awaitEvent("Reconnected: you are still in the room, and every message sent meanwhile is shown.");

        fay.awaitMessage("fay", "hello?");
        fay.until(d -> "".equals(fay.script("return document.querySelector('[data-testid=message-input]').value;")));
        assertThat(fay.messages()).containsExactly(new Line("fay", "hello?"));
        fay.say("back");
        assertThat(gus.expectOk("SERVER_CHAT_SEND").getString("message")).isEqualTo("back");
        gus.expectNothingElse(); // nobody saw the page leave or come back
      } finally {
        network.releaseReplies();
        aliceBrowser.driver().get("about:blank");
      }
    }
  }

  @Test
  void aJoinAnsweredLateOpensTheRoomTheServerSeatedThePageIn() throws IOException {
    try (DroppingProxy network = DroppingProxy.to(server.port())) {
      ChatPage fay = behind(network);
      try {
        fay.openAs("fay");
        ChatClient gus = client("gus");
        int room = gus.createRoom("Gus's slow room");
        WebElement listed = fay.awaitRoomItem("Gus's slow room");

        network.holdReplies();
        listed.findElement(hook("join-room")).click();
        assertThat(gus.expectOk("SERVER_ROOM_JOIN").getString("nickName")).isEqualTo("fay");
        fay.awaitNotice(
            "The chat server has not answered yet. The page waits for its answer; there is no need to try again.");
        network.releaseReplies();

        fay.awaitView("room");
        fay.awaitMembers("gus", "fay");
        gus.send(Requests.chat(room, "gus", "welcome"));
        fay.awaitMessage("gus", "welcome");
        gus.expectOk("SERVER_CHAT_SEND");
        assertThat(fay.notices()).as("the join went through, and the page no longer says it waits").isEmpty();
        gus.expectNothingElse();
      } finally {
        aliceBrowser.driver().get("about:blank");
      }
    }
  }

  @Test
  void aJoinWhoseReplyWasLostInTheDropLeavesNoSeatBehindAndCanBeTriedAgain() throws IOException {
    try (DroppingProxy network = DroppingProxy.to(server.port())) {
      ChatPage fay = behind(network);
      try {
        fay.openAs("fay");
        fay.createRoom("Fay's own"); // the page has a session to resume
        fay.backToLobby();
        ChatClient gus = client("gus");
        gus.createRoom("Gus's");
        WebElement listed = fay.awaitRoomItem("Gus's");

        network.muteReplies(); // the join gets through, its reply does not
        listed.findElement(hook("join-room")).click();
        assertThat(gus.expectOk("SERVER_ROOM_JOIN").getString("nickName")).isEqualTo("fay");
        network.cut();
        fay.awaitConnection("open", ChatPage.WAIT);
        fay.awaitNotice(
            "You are not connected to the chat server. Wait until the status says connected, then try again.");

        JsonObject left = gus.expectOk("SERVER_ROOM_EXIT");
        assertThat(left.getString("nickName")).as("the seat the page was told it did not get is let go").isEqualTo(
            "fay");
        fay.join("Gus's");
        fay.awaitMembers("gus", "fay");
        assertThat(gus.expectOk("SERVER_ROOM_JOIN").getString("nickName")).isEqualTo("fay");
      } finally {
        aliceBrowser.driver().get("about:blank");
      }
    }
  }

  @Test
  void aRoomWhoseCreateReplyWasLostInTheDropIsDeletedAndCanBeCreatedAgain() throws IOException {
    try (DroppingProxy network = DroppingProxy.to(server.port())) {
      ChatPage fay = behind(network);
      try {
        fay.openAs("fay");
        fay.createRoom("Fay's first"); // the page has a session to resume
        fay.backToLobby();
        ChatClient gus = client("gus");
        gus.send("{\"type\":\"CLIENT_LOBBY_SUBSCRIBE\"}");
        gus.expectOk("SERVER_LOBBY_SUBSCRIBE");

        network.muteReplies(); // the create gets through, its reply does not
        WebElement name = fay.find("room-name");
        name.sendKeys("Lost plans");
        fay.find("create-room").click();
        int made = lobbyChange(gus, change -> "Lost plans".equals(change.getString("roomName", null)))
            .getInt("roomID");
        network.cut();
        fay.awaitConnection("open", ChatPage.WAIT);

        // the room the page was told it did not get is deleted
        lobbyChange(gus, change -> "deleted".equals(change.getString("change")) && change.getInt("roomID") == made);
        fay.awaitNoRoomItem("Lost plans", ChatPage.WAIT);
        fay.createRoom("Lost plans");
        fay.awaitMembers("fay");
      } finally {
        aliceBrowser.driver().get("about:blank");
      }
    }
  }

  @Test
  void aRoomWhoseCreateReplyWasLostWhileThePageWasInNoRoomIsEndedByAResumeAtOnce() throws IOException {
    // a window longer than ChatPage.WAIT: a room left suspended is not ended by the window within the wait
    try (StandaloneProcess patient =
            StandaloneProcess.start("chat-page-long-sessions", Map.of("socketchat.session.resume-window", "120000"));
        DroppingProxy network = DroppingProxy.to(patient.port())) {
      ChatPage hal = behind(network);
      try {
        hal.openAs("hal");
        hal.createRoom("Hal's first"); // the page has a session, which goes on in no room once the room is left
        hal.delete();
        ChatClient gus = ChatClient.connect(patient).as("gus");
        clients.add(gus);
        gus.send("{\"type\":\"CLIENT_LOBBY_SUBSCRIBE\"}");
        gus.expectOk("SERVER_LOBBY_SUBSCRIBE");

        network.muteReplies(); // the create gets through, its reply does not
        hal.find("room-name").sendKeys("Hal's lost");
        hal.find("create-room").click();
        int made =
            lobbyChange(gus, change -> "Hal's lost".equals(change.getString("roomName", null))).getInt("roomID");
        network.cut();
        hal.awaitConnection("open", ChatPage.WAIT);

        // not left suspended for the resume window under hal's name, in everybody's lobby
        lobbyChange(gus, change -> "deleted".equals(change.getString("change")) && change.getInt("roomID") == made);
        hal.awaitNoRoomItem("Hal's lost", ChatPage.WAIT);
        hal.createRoom("Hal's lost");
        hal.awaitMembers("hal");
      } finally {
        aliceBrowser.driver().get("about:blank");
      }
    }
  }

  @Test
  void aPageAwayLongerThanTheResumeWindowSaysSoAndGetsBackInAsANewcomer() throws IOException {
    try (StandaloneProcess brief =
            StandaloneProcess.start("chat-page-brief-sessions", Map.of("socketchat.session.resume-window", "1"));
        DroppingProxy network = DroppingProxy.to(brief.port())) {
      ChatPage dana = behind(network);
      try {
        dana.openAs("dana");
        dana.createRoom("Forgotten");
        dana.say("said before");
        noteSentFrames(dana);

        network.cut();
        dana.awaitNotice(
            "The page could not pick up where it left off (away too long, or the server restarted), so it joined"
                + " your rooms again. Messages sent meanwhile are not shown.");
        dana.awaitEvent(
            "Reconnected: the room had closed while you were away, so it was opened again with you as its owner.");
        assertThat(dana.owner()).isEqualTo("dana");
        assertThat(dana.messages()).as("what was shown stays").containsExactly(new Line("dana", "said before"));
        assertThat(sentFrames(dana))
            .as("frames the page sent since the drop")
            .anyMatch(frame -> frame.contains("\"CLIENT_SESSION_RESUME\""))
            .anyMatch(frame -> frame.contains("\"CLIENT_ROOM_CREATE\""));
        dana.say("said after");
      } finally {
        aliceBrowser.driver().get("about:blank"); // before the relay goes: a page left trying it would log errors
      }
    }
  }

  @Test
  void aPageThatMissedMoreThanTheRoomKeepsSaysSoAndShowsTheLatestMessages() throws IOException {
    try (StandaloneProcess forgetful =
            StandaloneProcess.start(
                "chat-page-short-history",
                Map.of("socketchat.session.resume-window", "30000", "socketchat.history.keep", "3"));
        DroppingProxy network = DroppingProxy.to(forgetful.port())) {
      ChatPage dana = behind(network);
      try {
        dana.openAs("dana");
        dana.createRoom("Short memory");
        ChatClient erin = ChatClient.connect(forgetful).as("erin");
        clients.add(erin);
        int room = roomNumber(erin, "Short memory");
        erin.join(room);
        dana.awaitMembers("dana", "erin");
        dana.say("before the tunnel");
        erin.expectOk("SERVER_CHAT_SEND");
        holdNewConnections(dana, true);

        network.cut();
        dana.awaitConnection("waiting", ChatPage.WAIT);
        for (int i = 1; i <= 5; i++) {
          erin.send(Requests.chat(room, "erin", "in the tunnel " + i));
          erin.expectOk("SERVER_CHAT_SEND");
        }
        holdNewConnections(dana, false);
        dana.awaitConnection("open", ChatPage.WAIT);
        dana.awaitEvent(
            "Reconnected, but more was sent while you were away than the room keeps: some messages are missing.");
        dana.until(d -> dana.messages().size() >= 4);
        assertThat(dana.messages())
            .as("what was shown, then the latest the room still keeps")
            .containsExactly(
                new Line("dana", "before the tunnel"),
                new Line("erin", "in the tunnel 3"),
                new Line("erin", "in the tunnel 4"),
                new Line("erin", "in the tunnel 5"));
        assertThat(dana.owner()).isEqualTo("dana");
        dana.say("out of the tunnel");
        assertThat(erin.expectOk("SERVER_CHAT_SEND").getString("message")).isEqualTo("out of the tunnel");
      } finally {
        aliceBrowser.driver().get("about:blank"); // before the relay goes: a page left trying it would log errors
      }
    }
  }

  @Test
  void everythingWorksFromTheKeyboard() {
    alice.openAs("alice");
    bob.openAs("bob");
    alice.find("room-name").sendKeys("Keys only" + Keys.ENTER);
    alice.awaitView("room");
    assertThat(alice.script("return document.activeElement.dataset.testid")).isEqualTo("message-input");
    alice.type("typed, not clicked" + Keys.ENTER);
    alice.awaitMessage("alice", "typed, not clicked");

    bob.awaitRoomItem("Keys only").findElement(hook("join-room")).sendKeys(Keys.ENTER);
    bob.awaitView("room");
    alice.awaitMembers("alice", "bob");

    alice.find("delete-room").sendKeys(Keys.ENTER);
    alice.until(d -> alice.find("confirm-dialog").isDisplayed());
    assertThat(alice.script("return document.activeElement.dataset.testid")).isEqualTo("confirm-cancel");
    alice.driver().switchTo().activeElement().sendKeys(Keys.ESCAPE);
    alice.until(d -> !alice.find("confirm-dialog").isDisplayed());
    assertThat(alice.view()).isEqualTo("room");
    alice.find("delete-room").sendKeys(Keys.ENTER);
    alice.until(d -> alice.find("confirm-dialog").isDisplayed());
    alice.driver().switchTo().activeElement().sendKeys(Keys.TAB);
    alice.driver().switchTo().activeElement().sendKeys(Keys.ENTER);
    alice.awaitView("lobby");
    bob.awaitView("lobby");
    bob.awaitNotice("The room \"Keys only\" was deleted by its owner.");
  }

  @Test
  void theOwnerLeavingDeletesTheRoomForEveryoneAfterAConfirmation() {
    alice.openAs("alice");
    bob.openAs("bob");
    alice.createRoom("Short lived");
    bob.join("Short lived");
    alice.awaitMembers("alice", "bob");

    alice.find("exit-room").click();
    alice.until(d -> alice.find("confirm-dialog").isDisplayed());
    assertThat(alice.find("confirm-text").getText()).contains("Leaving deletes it for everyone");
    alice.find("confirm-cancel").click();
    alice.until(d -> !alice.find("confirm-dialog").isDisplayed());
    assertThat(alice.view()).isEqualTo("room");

    alice.exitAsOwner();
    alice.awaitNotice("You deleted \"Short lived\".");
    bob.awaitView("lobby");
    bob.awaitNotice("The room \"Short lived\" was deleted by its owner.");
  }

  @Test
  void markupInMessagesAndNamesIsShownLiterallyAndNothingRuns() {
    String nickname = "<i>eve</i>";
    String roomName = "<img src=x onerror=pwned()>";
    String attack = "<img src=x onerror=\"window.pwned=1\"><b>bold</b><script>window.pwned=2</script>";
    alice.openAs(nickname);
    bob.openAs("bob");
    assertThat(alice.find("current-nickname").getText()).isEqualTo(nickname);

    alice.createRoom(roomName);
    bob.join(roomName);
    alice.say(attack);
    bob.awaitMessage(nickname, attack);
    bob.say("<b>not bold</b>");
    alice.awaitMessage("bob", "<b>not bold</b>");

    for (ChatPage page : List.of(alice, bob)) {
      assertThat(page.find("room-title").getText()).isEqualTo(roomName);
      assertThat(page.members()).containsExactly(nickname, "bob");
      assertThat(page.script(
              "return document.querySelectorAll("
                  + "'[data-testid=messages] *:is(img,b,i,script), [data-testid=members] *:is(img,b,i,script),"
                  + " [data-testid=room-title] *, [data-testid=rooms] *:is(img,b,i,script)').length"))
          .as("elements made from user text")
          .isEqualTo(0L);
      assertThat(page.script("return typeof window.pwned")).isEqualTo("undefined");
    }
  }

  @Test
  void rightToLeftNamesAndMessagesReadInTheirOwnDirectionWithoutTurningTheWordsBesideThem() {
    alice.openAs(MARHABA);
    alice.createRoom(ROOM_TWO);
    alice.say(MARHABA + "!");
    bob.openAs("bob");
    WebElement meta = bob.awaitRoomItem(ROOM_TWO).findElement(hook("room-item-meta"));
    assertThat(meta.getText()).isEqualTo("Owner: " + MARHABA + " · 1 member");
    assertThat(leftOf(bob, meta, MARHABA))
        .as("the owner's name comes before the member count, not after it")
        .isLessThan(leftOf(bob, meta, "1 member"));

    bob.join(ROOM_TWO);
    bob.awaitMessage(MARHABA, MARHABA + "!");
    WebElement text = bob.all("message-text").get(0);
    assertThat(leftOf(bob, text, "!")).as("a right-to-left message ends on its left").isLessThan(
        leftOf(bob, text, MARHABA));
    assertThat(bob.find("room-owner").getText()).isEqualTo("Owner: " + MARHABA);

    alice.type(AHLAN_BIKUM + Keys.chord(Keys.SHIFT, Keys.ENTER) + SHUKRAN + Keys.ENTER);
    bob.awaitMessage(MARHABA, AHLAN_BIKUM + "\n" + SHUKRAN);
    WebElement lines = bob.all("message-text").get(1);
    assertThat(rightOf(bob, lines, SHUKRAN))
        .as("the short second line of a right-to-left message ends where the long first line does, on the right")
        .isCloseTo(rightOf(bob, lines, AHLAN_BIKUM), within(2.0));
    assertThat(leftOf(bob, lines, SHUKRAN)).isGreaterThan(leftOf(bob, lines, AHLAN_BIKUM) + 10);
  }

  @Test
  void theLobbyFollowsRoomsCreatedAndDeletedElsewhereWithoutAskingForTheList() {
    bob.openAs("bob");
    bob.until(d -> !bob.find("rooms-empty").getText().equals("Loading the rooms…")); // the list has come
    // from now on, every frame the page sends is noted: it must learn of rooms by the server's pushes alone
    noteSentFrames(bob);
    ChatClient carol = client("carol");
    int room = carol.createRoom("Made elsewhere");

    WebElement listed = bob.waiting(LOBBY_FOLLOWS_WITHIN).until(d -> bob.roomItem("Made elsewhere").orElse(null));
    assertThat(listed.findElement(hook("room-item-meta")).getText()).isEqualTo("Owner: carol · 1 member");
    assertThat(sentFrames(bob)).as("frames the page sent").noneMatch(frame -> frame.contains("CLIENT_ROOM_LIST"));

    ChatClient dave = client("dave");
    dave.join(room);
    carol.expectOk("SERVER_ROOM_JOIN");
    bob.waiting(LOBBY_FOLLOWS_WITHIN)
        .until(d -> bob.roomItem("Made elsewhere").map(item -> item.getText().contains("2 members")).orElse(false));

    carol.send(Requests.delete(room, "carol"));
    carol.expectOk("SERVER_ROOM_DELETE");
    bob.awaitNoRoomItem("Made elsewhere", LOBBY_FOLLOWS_WITHIN);
    assertThat(sentFrames(bob)).as("frames the page sent").noneMatch(frame -> frame.contains("CLIENT_ROOM_LIST"));
    try {
      bob.until(d -> bob.find("rooms-empty").isDisplayed());
    } catch (TimeoutException e) {
      assertThat(bob.roomNames()).as("rooms still listed; server status %s", Status.of(server)).isEmpty();
    }
    assertThat(bob.find("rooms-empty").getText()).isEqualTo("No rooms yet. Create the first one.");
  }

  @Test
  void aPageLeftForAnotherGivesUpItsRoomsAndTakesThemBackWhenReturnedTo() {
    alice.openAs("alice");
    bob.openAs("bob");
    alice.createRoom("Come back");
    bob.join("Come back");
    alice.awaitMembers("alice", "bob");

    bob.driver().get("about:blank");
    alice.awaitMembers("alice");
    bob.driver().navigate().back();
    bob.awaitConnection("open", ChatPage.WAIT);
    bob.awaitEvent("Reconnected: you are back in the room. Messages sent while you were away are not shown.");
    alice.awaitMembers("alice", "bob");

    alice.driver().get("about:blank");
    bob.awaitNotice("The room \"Come back\" was deleted by its owner.");
    bob.awaitNoRoomItem("Come back", LOBBY_FOLLOWS_WITHIN);
    alice.driver().navigate().back();
    alice.awaitConnection("open", ChatPage.WAIT);
    alice.awaitEvent("Reconnected: the room had closed while you were away, so it was opened again with you as its owner.");
    bob.awaitRoomItem("Come back");
  }

  @Test
  void refusalsAndBadInputAreExplainedInWords() {
    ChatClient carol = client("carol");
    int room = carol.createRoom("Name clash");
    ChatClient otherBob = client("bob");
    otherBob.join(room);

    bob.openAs("bob");
    bob.awaitRoomItem("Name clash").findElement(hook("join-room")).click();
    bob.awaitNotice("That nickname is already in this room. Change your nickname to join it.");
    assertThat(bob.view()).isEqualTo("lobby");
    assertThat(bob.notices()).noneMatch(text -> text.contains("NAME_TAKEN"));

    bob.find("room-name").sendKeys("x".repeat(31));
    bob.find("create-room").click();
    bob.until(d -> bob.find("room-name-error").isDisplayed());
    assertThat(bob.find("room-name-error").getText()).isEqualTo("A room name must be 1 to 30 characters on one line.");
    bob.find("room-name").sendKeys(Keys.BACK_SPACE);
    assertThat(bob.find("room-name-error").isDisplayed()).as("the error goes once the input changes").isFalse();

    bob.find("change-nickname").click();
    bob.awaitView("nickname");
    bob.find("nickname").clear();
    bob.find("save-nickname").click();
    bob.until(d -> bob.find("nickname-error").isDisplayed());
    assertThat(bob.find("nickname-error").getText()).isEqualTo("A nickname must be 1 to 10 characters on one line.");
    for (String unseen : new String[] {"\u200b", "\u3164", "\u3164x", "\u2800"}) {
      bob.script(
          "const input = document.querySelector('[data-testid=nickname]');"
              + " input.value = arguments[0]; input.dispatchEvent(new Event('input'));",
          unseen);
      bob.find("save-nickname").click();
      bob.until(d -> bob.find("nickname-error").isDisplayed());
      assertThat(bob.find("nickname-error").getText())
          .as("a name holding U+%04X", (int) unseen.charAt(0))
          .isEqualTo("A name cannot hold characters nobody can see, such as zero-width spaces or Hangul fillers.");
      assertThat(bob.view()).isEqualTo("nickname");
    }
    bob.find("cancel-nickname").click();
    bob.awaitView("lobby");
  }

  @Test
  void leavingARoomForTheLobbyPutsTheKeyboardAtTheRooms() {
    alice.openAs("alice");
    alice.createRoom("Keyboard");
    alice.type("x");
    alice.backToLobby();
    assertThat(alice.script("return document.activeElement.dataset.testid")).isEqualTo("rooms-heading");
  }

  @Test
  void theMessageBoxCountsCharactersAndStopsAtTheLimit() {
    alice.openAs("alice");
    alice.createRoom("Counting");
    alice.find("send").click();
    alice.until(d -> alice.find("message-error").isDisplayed());
    assertThat(alice.find("message-error").getText()).isEqualTo("Write something first.");

    alice.type("a".repeat(120));
    assertThat(alice.find("message-counter").getText()).isEqualTo("120/128");
    assertThat(alice.find("message-counter").getAttribute("data-level")).isEqualTo("near");
    alice.type("b".repeat(20));
    assertThat(alice.find("message-input").getDomProperty("value")).isEqualTo("a".repeat(120) + "b".repeat(8));
    assertThat(alice.find("message-counter").getText()).isEqualTo("128/128");
    assertThat(alice.find("message-counter").getAttribute("data-level")).isEqualTo("full");
    alice.until(d -> alice.find("message-error").isDisplayed());
    assertThat(alice.find("message-error").getText())
        .as("what was cut is not cut without a word")
        .isEqualTo("Only 128 characters fit in a message: the rest was cut.");

    alice.find("send").click();
    alice.awaitMessage("alice", "a".repeat(120) + "b".repeat(8));
    assertThat(alice.find("message-counter").getText()).isEqualTo("0/128");
    assertThat(alice.find("message-error").isDisplayed()).as("the word goes with the text it was about").isFalse();

    // 60 syllables pasted as decomposed jamo (180 code points; macOS file names hold Hangul so) count as the 60 the
    // server counts after NFC, and all of them are sent
    String decomposed = java.text.Normalizer.normalize("한국말".repeat(20), java.text.Normalizer.Form.NFD);
    assertThat(decomposed.codePointCount(0, decomposed.length())).isEqualTo(180);
    alice.script(
        "const input = document.querySelector('[data-testid=message-input]');"
            + " input.value = arguments[0]; input.dispatchEvent(new Event('input'));",
        decomposed);
    assertThat(alice.find("message-counter").getText()).isEqualTo("60/128");
    alice.find("send").click();
    alice.awaitMessage("alice", "한국말".repeat(20));
  }

  @Test
  void eachRoomKeepsItsOwnUnsentTextAndTheWordAboutItSoNothingIsPostedInTheWrongRoom() {
    alice.openAs("alice");
    alice.createRoom("First");
    alice.type("meant for the first");
    alice.backToLobby();
    alice.createRoom("Second");
    assertThat(alice.find("message-input").getDomProperty("value")).as("another room's text").isEmpty();
    assertThat(alice.find("message-counter").getText()).isEqualTo("0/128");
    alice.find("send").click();
    alice.until(d -> alice.find("message-error").isDisplayed());
    assertThat(alice.find("message-error").getText()).isEqualTo("Write something first.");

    alice.backToLobby();
    alice.join("First");
    assertThat(alice.find("message-input").getDomProperty("value")).isEqualTo("meant for the first");
    assertThat(alice.find("message-counter").getText()).isEqualTo("19/128");
    assertThat(alice.find("message-error").isDisplayed()).as("the second room's word").isFalse();
    alice.type(Keys.ENTER);
    alice.awaitMessage("alice", "meant for the first");

    alice.backToLobby();
    alice.join("Second");
    assertThat(alice.find("message-input").getDomProperty("value")).isEmpty();
    assertThat(alice.find("message-error").getText()).isEqualTo("Write something first.");
    assertThat(alice.messages()).as("nothing posted in the second room").isEmpty();
  }

  @Test
  void theNicknameIsRememberedAndChangingItStartsAFreshConnection() {
    alice.openAs("alice");
    alice.open();
    assertThat(alice.view()).as("a returning visitor goes straight to the lobby").isEqualTo("lobby");
    assertThat(alice.find("current-nickname").getText()).isEqualTo("alice");

    alice.createRoom("Old name room");
    bob.openAs("bob");
    bob.awaitRoomItem("Old name room");
    alice.find("change-nickname").click();
    alice.awaitView("nickname");
    assertThat(alice.find("nickname").getDomProperty("value")).isEqualTo("alice");
    alice.chooseNickname("alicia");
    alice.confirm();
    alice.awaitView("lobby");
    assertThat(alice.find("current-nickname").getText()).isEqualTo("alicia");
    bob.awaitNoRoomItem("Old name room", LOBBY_FOLLOWS_WITHIN);

    alice.createRoom("New name room");
    assertThat(alice.members()).containsExactly("alicia");
    alice.open();
    assertThat(alice.find("current-nickname").getText()).isEqualTo("alicia");
  }

  @Test
  void changingTheNicknameWarnsThatTextNotSentGoesWithTheRooms() {
    alice.openAs("alice");
    alice.createRoom("Half written");
    alice.find("change-nickname").click();
    alice.awaitView("nickname");
    alice.chooseNickname("alicia");
    alice.until(d -> alice.find("confirm-dialog").isDisplayed());
    assertThat(alice.find("confirm-text").getText()).doesNotContain("did not send");
    alice.find("confirm-cancel").click();
    alice.until(d -> !alice.find("confirm-dialog").isDisplayed());

    alice.find("cancel-nickname").click();
    alice.awaitView("room");
    alice.type("a thought not sent yet");
    alice.find("change-nickname").click();
    alice.awaitView("nickname");
    alice.chooseNickname("alicia");
    alice.until(d -> alice.find("confirm-dialog").isDisplayed());
    assertThat(alice.find("confirm-text").getText())
        .as("the question says what goes")
        .contains("What you wrote there and did not send is lost with them.");
    alice.confirm();
    alice.awaitView("lobby");
    assertThat(alice.find("current-nickname").getText()).isEqualTo("alicia");
  }

  @Test
  void aNicknameEndingInASeparatorTheServerTrimsIsKnownToThePageAsTheServerKnowsIt() {
    alice.openAs("alice");
    alice.find("change-nickname").click();
    alice.awaitView("nickname");
    alice.script(
        "const input = document.querySelector('[data-testid=nickname]');"
            + " input.value = 'ann\\u001F'; input.dispatchEvent(new Event('input'));");
    alice.find("save-nickname").click();
    alice.awaitView("lobby");
    assertThat(alice.script("return document.querySelector('[data-testid=current-nickname]').textContent"))
        .isEqualTo("ann");
    alice.createRoom("Separators");
    alice.say("it is me");
    assertThat(alice.all("message").get(0).getAttribute("class")).as("its own message").contains("mine");
  }

  @Test
  void aKoreanBrowserGetsTheKoreanInterface() {
    try (Chromium korean = Chromium.start("ko")) {
      ChatPage minsu = new ChatPage(korean, server.base()).open();
      assertThat(minsu.script("return document.documentElement.lang")).isEqualTo("ko");
      assertThat(minsu.find("save-nickname").getText()).isEqualTo("채팅 시작");
      assertThat(minsu.find("connection-status-text").getText()).isEqualTo("연결됨");
      minsu.chooseNickname("민수");
      minsu.awaitView("lobby");
      assertThat(minsu.find("create-room").getText()).isEqualTo("방 만들기");
      minsu.createRoom("제주 여행");
      assertThat(minsu.find("exit-room").getText()).isEqualTo("나가기");
      assertThat(minsu.events()).containsExactly("방을 만들었습니다.");
      minsu.say("안녕하세요");
      minsu.awaitMessage("민수", "안녕하세요");
      korean.screenshot("room-korean");
      assertThat(korean.consoleErrors()).isEmpty();
    }
  }

  @Test
  void theConsoleCheckAfterEachTestSeesErrors() {
    alice.open();
    alice.script("console.error('deliberate error from the test')");
    assertThat(aliceBrowser.consoleErrors()).anyMatch(line -> line.contains("deliberate error from the test"));
  }

  @Test
  void everyRefusalReasonHasWordsInEnglishAndKorean() {
    alice.open();
    List<String> codes = Arrays.stream(Reason.values()).map(Enum::name).toList();
    @SuppressWarnings("unchecked")
    Map<String, Object> words =
        (Map<String, Object>)
            alice.asyncScript(
                """
                const [codes, done] = arguments;
                import(new URL('i18n.js', document.baseURI).href).then((i18n) => {
                  const says = (lang) => Object.fromEntries(codes.map((code) => [code, i18n.translator(lang).reason(code)]));
                  done({ known: [...i18n.REASON_CODES], en: says('en'), ko: says('ko'),
                         unknownEn: i18n.translator('en').reason('SOMETHING_NEW') });
                });
                """,
                codes);
    @SuppressWarnings("unchecked")
    List<String> known = (List<String>) words.get("known");
    assertThat(known).as("the page knows exactly the server's reasons").hasSameElementsAs(codes);
    @SuppressWarnings("unchecked")
    Map<String, String> english = (Map<String, String>) words.get("en");
    @SuppressWarnings("unchecked")
    Map<String, String> korean = (Map<String, String>) words.get("ko");
    for (String code : codes) {
      assertThat(english.get(code)).as("English for %s", code).isNotBlank().doesNotContain(code).contains(" ");
      assertThat(korean.get(code)).as("Korean for %s", code).isNotBlank().doesNotContain(code).containsPattern("[가-힣]");
    }
    assertThat(english.get("NAME_TAKEN")).startsWith("That nickname is already in this room");
    assertThat((String) words.get("unknownEn")).isEqualTo("The server refused the request (code SOMETHING_NEW).");
  }

  @Test
  void theChatAddressIsDerivedFromThePageAddress() {
    alice.open();
    @SuppressWarnings("unchecked")
    List<String> derived =
        (List<String>)
            alice.asyncScript(
                """
                const done = arguments[0];
                import(new URL('chat-socket.js', document.baseURI).href).then(({ chatEndpoint }) => done([
                  chatEndpoint('chat', 'http://127.0.0.1:8080/'),
                  chatEndpoint('chat', 'https://example.org/socketchat/'),
                  chatEndpoint('chat', 'https://example.org/socketchat/index.html?lang=ko#top'),
                  chatEndpoint('wss://chat.example.net/chat', 'http://example.org/'),
                  chatEndpoint('chat', document.baseURI),
                ]));
                """);
    assertThat(derived)
        .containsExactly(
            "ws://127.0.0.1:8080/chat",
            "wss://example.org/socketchat/chat",
            "wss://example.org/socketchat/chat",
            "wss://chat.example.net/chat",
            server.chat().toString());
  }

  @Test
  void looksRightAtDesktopAndPhoneWidth() {
    ChatClient carol = client("carol");
    carol.createRoom("Book club");
    carol.createRoom(LONG_ROOM_NAME);
    alice.openAs("alice");
    bob.openAs("bob");
    alice.createRoom("Design review");
    bob.awaitRoomItem("Design review");
    bob.awaitRoomItem("Book club");
    bob.screenshot("lobby-desktop");

    bob.join("Design review");
    alice.awaitMembers("alice", "bob");
    alice.say("Morning! The new header is in the staging build.");
    bob.awaitMessage("alice", "Morning! The new header is in the staging build.");
    bob.say("Looks good. Can we try a darker accent?");
    alice.say("Sure, I will push one in a minute.");
    bob.awaitMessage("alice", "Sure, I will push one in a minute.");
    bob.screenshot("room-desktop");

    try {
      bobBrowser.resize(Chromium.PHONE);
      bob.until(d -> ((Number) bob.script("return window.innerWidth")).intValue() <= Chromium.PHONE.width);
      assertNoSidewaysScrolling(bob);
      assertThat(bob.find("send").isDisplayed()).isTrue();
      bob.screenshot("room-phone");
      bob.backToLobby();
      assertNoSidewaysScrolling(bob);
      bob.screenshot("lobby-phone");
      bob.join(LONG_ROOM_NAME);
      bob.exit();
      bob.awaitNotice("You left \"" + LONG_ROOM_NAME + "\".");
      assertThat((Boolean) bob.script(
              "return [...document.querySelectorAll('[data-testid=notice]')]"
                  + ".every(toast => toast.getBoundingClientRect().right <= window.innerWidth)"))
          .as("a notice about a long name wraps on a phone, its dismiss button in reach")
          .isTrue();
    } finally {
      bobBrowser.resize(Chromium.DESKTOP);
    }
  }

  /** From now on, notes every frame the page sends (on this connection and the next ones) in window.sentFrames. */
  private static void noteSentFrames(ChatPage page) {
    page.script(
        """
        window.sentFrames = [];
        const send = WebSocket.prototype.send;
        WebSocket.prototype.send = function (data) {
          window.sentFrames.push(String(data));
          return send.call(this, data);
        };
        """);
  }

  /**
   * Makes the page's next WebSocket connections fail at once (as when the network is still away), or lets them
   * through again; the page keeps waiting and trying as it does offline.
   */
  private static void holdNewConnections(ChatPage page, boolean hold) {
    page.script(
        """
        const hold = arguments[0];
        if (!window.HeldWebSocket) {
          const Real = window.WebSocket;
          window.HeldWebSocket = class extends Real {
            constructor(...args) {
              if (window.holdConnections) {
                throw new DOMException('held by the test', 'SyntaxError');
              }
              super(...args);
            }
          };
          window.WebSocket = window.HeldWebSocket;
        }
        window.holdConnections = hold;
        """,
        hold);
  }

  /** The number of the room of this name, as the room list tells it. */
  private static int roomNumber(ChatClient client, String name) {
    client.send(Requests.list());
    return client.expectOk("SERVER_ROOM_LIST").getJsonArray("rooms").getValuesAs(JsonObject.class).stream()
        .filter(room -> name.equals(room.getString("roomName")))
        .mapToInt(room -> room.getInt("roomID"))
        .findFirst()
        .orElseThrow();
  }

  /** The first change the lobby feed pushes to a subscribed client that is the one wanted, within ChatPage.WAIT. */
  static JsonObject lobbyChange(ChatClient client, Predicate<JsonObject> wanted) {
    Instant until = Instant.now().plus(ChatPage.WAIT);
    while (Instant.now().isBefore(until)) {
      JsonObject frame = client.next(Duration.between(Instant.now(), until));
      if ("SERVER_LOBBY_CHANGE".equals(frame.getString("type", null))) {
        for (JsonObject change : frame.getJsonArray("changes").getValuesAs(JsonObject.class)) {
          if (wanted.test(change)) {
            return change;
          }
        }
      }
    }
    throw new AssertionError("no such lobby change within " + ChatPage.WAIT);
  }

  /** The frames the page sent since the test began noting them. */
  @SuppressWarnings("unchecked")
  private static List<String> sentFrames(ChatPage page) {
    return (List<String>) page.script("return window.sentFrames;");
  }

  /** The left edge, in pixels, of where the first occurrence of a text within an element is drawn. */
  private static double leftOf(ChatPage page, WebElement element, String text) {
    return edgeOf(page, element, text, "left");
  }

  /** The right edge, in pixels, of where the first occurrence of a text within an element is drawn. */
  private static double rightOf(ChatPage page, WebElement element, String text) {
    return edgeOf(page, element, text, "right");
  }

  private static double edgeOf(ChatPage page, WebElement element, String text, String side) {
    Object edge = page.script(
        """
        const [root, wanted, side] = arguments;
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const at = node.data.indexOf(wanted);
          if (at >= 0) {
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + wanted.length);
            return range.getBoundingClientRect()[side];
          }
        }
        return null;
        """,
        element,
        text,
        side);
    assertThat(edge).as("%s is drawn in the element", text).isNotNull();
    return ((Number) edge).doubleValue();
  }

  private static void assertNoSidewaysScrolling(ChatPage page) {
    assertThat((Boolean) page.script(
            "return document.documentElement.scrollWidth <= document.documentElement.clientWidth"))
        .as("the page fits the width without sideways scrolling")
        .isTrue();
  }
}
