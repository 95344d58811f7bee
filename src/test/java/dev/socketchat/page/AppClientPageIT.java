package dev.socketchat.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.StandaloneProcess;
import dev.socketchat.testing.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A page built the way the socketchatting project's React client is built (one WebSocket to /chat for the page's
 * life, name, lobby and talk screens, the app's own requests and BROAD_* notices) in real Chromium against the
 * standalone jar: two people meet in a room one of them made, chat in Korean and leave.
 */
class AppClientPageIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static StandaloneProcess server;
  private static Chromium minsuBrowser;
  private static Chromium jiyoungBrowser;
  private static Path page;

  @BeforeAll
  static void start() {
    server = StandaloneProcess.start("app-client-page", Map.of());
    minsuBrowser = Chromium.start("ko");
    jiyoungBrowser = Chromium.start("ko");
    page = PageFiles.render("app-client.html", Map.of("{ws:port}", server.chat().toString().replaceFirst("/chat$", "")));
  }

  @AfterAll
  static void stop() throws InterruptedException {
    try {
      minsuBrowser.close();
      jiyoungBrowser.close();
    } finally {
      server.close();
    }
  }

  @Test
  void twoPeopleMeetInARoomMadeInTheLobbyChatAndLeave() {
    AppPage jiyoung = AppPage.open(jiyoungBrowser);
    jiyoung.setName("지영");
    jiyoung.awaitLobbyLoads(1);
    assertThat(jiyoung.me()).isEqualTo("지영");
    assertThat(jiyoung.rooms()).isEmpty();

    AppPage minsu = AppPage.open(minsuBrowser);
    minsu.setName("민수");
    minsu.awaitLobbyLoads(1);
    minsu.createRoom("제주");
    minsu.awaitScreen("talk");
    assertThat(minsu.talkTitle()).isEqualTo("제주");

    Room announced = jiyoung.awaitRoom("제주");
    assertThat(announced.via()).as("the card came from BROAD_ROOM_CREATE").isEqualTo("BROAD_ROOM_CREATE");
    assertThat(jiyoung.lobbyLoads()).as("the lobby was not reloaded for it").isEqualTo(1);
    jiyoung.join("제주");
    jiyoung.awaitScreen("talk");
    assertThat(jiyoung.talkTitle()).isEqualTo("제주");
    minsu.awaitNotice("지영님이 입장하셨습니다.");

    jiyoung.say("안녕하세요 민수님, 제주 좋네요");
    minsu.awaitLine(new Line("지영", "안녕하세요 민수님, 제주 좋네요", false));
    jiyoung.awaitLine(new Line("지영", "안녕하세요 민수님, 제주 좋네요", true));
    minsu.say("반가워요! 한라산 가요");
    jiyoung.awaitLine(new Line("민수", "반가워요! 한라산 가요", false));
    minsu.awaitLine(new Line("민수", "반가워요! 한라산 가요", true));
    assertThat(minsu.lines())
        .containsExactly(
            new Line("지영", "안녕하세요 민수님, 제주 좋네요", false), new Line("민수", "반가워요! 한라산 가요", true));
    assertThat(jiyoung.lines())
        .containsExactly(
            new Line("지영", "안녕하세요 민수님, 제주 좋네요", true), new Line("민수", "반가워요! 한라산 가요", false));
    minsuBrowser.screenshot("app-client-minsu-talk");
    jiyoungBrowser.screenshot("app-client-jiyoung-talk");

    jiyoung.exit();
    minsu.awaitNotice("지영님이 퇴장하셨습니다.");
    jiyoung.awaitScreen("lobby");
    jiyoung.awaitLobbyLoads(2);
    assertThat(jiyoung.rooms())
        .as("the lobby asked again on the way back")
        .containsExactly(new Room(announced.id(), "제주", "민수", "SERVER_ROOM_GET"));

    minsu.exit();
    minsu.awaitScreen("lobby");
    minsu.awaitLobbyLoads(2);
    assertThat(minsu.rooms()).as("the host's leaving ended the room").isEmpty();
    jiyoung.refreshLobby();
    assertThat(jiyoung.rooms()).isEmpty();

    minsuBrowser.screenshot("app-client-minsu-lobby");
    jiyoungBrowser.screenshot("app-client-jiyoung-lobby");
    assertThat(minsuBrowser.consoleErrors()).as("민수's console").isEmpty();
    assertThat(jiyoungBrowser.consoleErrors()).as("지영's console").isEmpty();
    minsu.driver.get("about:blank");
    jiyoung.driver.get("about:blank");
    Status.awaitZero(server, "connections", "seats", "rooms", "openRooms", "memberships");
  }

  /** A room card in the lobby: what it shows and which message put it there. */
  record Room(int id, String name, String host, String via) {}

  /** A chat line on the talk screen; {@code mine} when the page marks it as its own. */
  record Line(String nickName, String message, boolean mine) {}

  /** One person's page, operated through its ids and read through its classes. */
  private static final class AppPage {
    private final Chromium browser;
    private final ChromeDriver driver;

    private AppPage(Chromium browser) {
      this.browser = browser;
      this.driver = browser.driver();
    }

    /** Opens the page and waits for its one connection to be open. */
    static AppPage open(Chromium browser) {
      browser.driver().get(page.toUri().toString());
      AppPage opened = new AppPage(browser);
      opened.until("open connection", d -> "open".equals(opened.body("connection")));
      return opened;
    }

    void setName(String name) {
      driver.findElement(By.id("user-name")).sendKeys(name);
      driver.findElement(By.id("name-set")).click();
    }

    void createRoom(String name) {
      driver.findElement(By.id("room-name")).sendKeys(name);
      driver.findElement(By.id("room-create")).click();
    }

    void join(String roomName) {
      card(roomName).orElseThrow().click();
    }

    void say(String message) {
      driver.findElement(By.id("message")).sendKeys(message);
      driver.findElement(By.id("chat-send")).click();
    }

    void exit() {
      driver.findElement(By.id("room-exit")).click();
    }

    /** Presses the lobby's own refresh button and waits for the list it asked for. */
    void refreshLobby() {
      int before = lobbyLoads();
      driver.findElement(By.id("room-refresh")).click();
      awaitLobbyLoads(before + 1);
    }

    String screen() {
      return body("screen");
    }

    String me() {
      return driver.findElement(By.id("me")).getText();
    }

    String talkTitle() {
      return driver.findElement(By.id("talk-title")).getText();
    }

    /** How many room lists (SERVER_ROOM_GET) the lobby has drawn since the page opened. */
    int lobbyLoads() {
      return Integer.parseInt(driver.findElement(By.id("room-list")).getDomAttribute("data-loads"));
    }

    List<Room> rooms() {
      return driver.findElements(By.cssSelector("#room-list .room-card")).stream()
          .map(card -> new Room(
              Integer.parseInt(card.getDomAttribute("data-room-id")),
              card.findElement(By.className("room-name")).getText(),
              card.findElement(By.className("room-host")).getText(),
              card.getDomAttribute("data-via")))
          .toList();
    }

    List<String> notices() {
      return driver.findElements(By.cssSelector("#talk-log .notice")).stream().map(WebElement::getText).toList();
    }

    List<Line> lines() {
      return driver.findElements(By.cssSelector("#talk-log .chat")).stream()
          .map(line -> new Line(
              line.findElement(By.className("nick")).getText(),
              line.findElement(By.className("text")).getText(),
              line.getDomAttribute("class").contains("mine")))
          .toList();
    }

    void awaitScreen(String screen) {
      until("screen " + screen, d -> screen.equals(screen()));
    }

    void awaitLobbyLoads(int count) {
      awaitScreen("lobby");
      until(count + " room lists drawn", d -> lobbyLoads() >= count);
    }

    Room awaitRoom(String name) {
      return until("room card " + name,
          d -> rooms().stream().filter(room -> room.name().equals(name)).findFirst().orElse(null));
    }

    void awaitNotice(String notice) {
      until("notice \"" + notice + "\"", d -> notices().contains(notice));
    }

    void awaitLine(Line line) {
      until("line " + line, d -> lines().contains(line));
    }

    private Optional<WebElement> card(String roomName) {
      return driver.findElements(By.cssSelector("#room-list .room-card")).stream()
          .filter(card -> card.findElement(By.className("room-name")).getText().equals(roomName))
          .findFirst();
    }

    private String body(String data) {
      return driver.findElement(By.tagName("body")).getDomAttribute("data-" + data);
    }

    private <T> T until(String what, ExpectedCondition<T> condition) {
      return new WebDriverWait(driver, WAIT, Duration.ofMillis(100))
          .ignoring(StaleElementReferenceException.class)
          .withMessage(() -> "no " + what + " on the page; screen " + screen() + ", error \""
              + driver.findElement(By.id("error")).getText() + "\", console " + browser.console())
          .until(condition);
    }
  }
}
