package dev.socketchat.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.StandaloneProcess;
import dev.socketchat.testing.Status;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * The seed's PHP chat page, built as it was built (jQuery, {@code /socket.io/socket.io.js} from the chat server by a
 * script tag, {@code join_room} right after {@code io(...)}, one {@code chatting} handler drawing notices and
 * messages), chats through socketchat in real Chromium with only its server address changed.
 */
class SeedSocketIoPageIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String ROOM = "tour-1042";
  /** The seed server's clock: 오전/오후 and a 12-hour hh:mm. */
  private static final String TIME = "(?:오전|오후) \\d\\d:\\d\\d";

  private static StandaloneProcess server;
  private static Chromium minsuBrowser;
  private static Chromium bobBrowser;
  private static Path page;

  @BeforeAll
  static void start() {
    // a resume window longer than the test waits: a page that navigates away (Chromium closes its WebSocket with
    // 1001) must leave at once, not be kept for recovery
    server = StandaloneProcess.start("seed-socketio-page", Map.of("socketchat.session.resume-window", "120000"));
    minsuBrowser = Chromium.start("ko");
    bobBrowser = Chromium.start("ko");
    String http = server.socketIoOrigin().toString();
    page =
        PageFiles.render(
            "seed-page.html",
            Map.of(
                "{jquery}", PageFiles.jquery(),
                "{link:port}", http,
                "{ws:port}", http.replaceFirst("^http", "ws")));
  }

  @AfterAll
  static void stop() throws InterruptedException {
    try {
      minsuBrowser.close();
      bobBrowser.close();
    } finally {
      server.close();
    }
  }

  @Test
  void twoSeedPagesEnterChatAndLeaveThroughTheServedClient() {
    SeedPage minsu = SeedPage.open(minsuBrowser, "민수", ROOM);
    minsu.awaitNotice("민수 님이 입장하셨습니다.");
    minsu.awaitTitle("tour-1042(1)");

    SeedPage bob = SeedPage.open(bobBrowser, "bob", ROOM);
    bob.awaitNotice("bob 님이 입장하셨습니다.");
    bob.awaitTitle("tour-1042(2)");
    minsu.awaitNotice("bob 님이 입장하셨습니다.");
    minsu.awaitTitle("tour-1042(2)");
    assertThat(minsu.notices()).containsExactly("민수 님이 입장하셨습니다.", "bob 님이 입장하셨습니다.");
    assertThat(bob.notices()).as("bob came after 민수's entry").containsExactly("bob 님이 입장하셨습니다.");

    bob.say("안녕하세요, 제주 투어 문의드려요");
    String sentAt = bob.awaitOwnMessage("안녕하세요, 제주 투어 문의드려요");
    assertThat(minsu.awaitMessageFrom("bob", "안녕하세요, 제주 투어 문의드려요"))
        .as("both pages show the time the server gave the message")
        .isEqualTo(sentAt);
    minsu.say("네, 말씀하세요");
    minsu.awaitOwnMessage("네, 말씀하세요");
    bob.awaitMessageFrom("민수", "네, 말씀하세요");
    assertThat(minsu.messages())
        .containsExactly("bob: 안녕하세요, 제주 투어 문의드려요   " + sentAt, "네, 말씀하세요   " + minsu.ownTime("네, 말씀하세요"));

    bob.leave();
    minsu.awaitNotice("bob 님이 퇴장하셨습니다.");
    minsu.awaitTitle("tour-1042(1)");
    minsu.say("다음에 또 오세요");
    minsu.awaitOwnMessage("다음에 또 오세요");
    assertThat(bob.notices()).as("only the others are told of a leave").doesNotContain("bob 님이 퇴장하셨습니다.");
    assertThat(bob.messages()).as("nothing reaches a page that left").noneMatch(line -> line.contains("다음에 또 오세요"));
    assertThat(bob.title()).isEqualTo("tour-1042(2)");

    minsuBrowser.screenshot("seed-page-minsu");
    bobBrowser.screenshot("seed-page-bob");
    assertThat(minsuBrowser.consoleErrors()).as("민수's console").isEmpty();
    assertThat(bobBrowser.consoleErrors()).as("bob's console").isEmpty();
    minsu.driver.get("about:blank");
    bob.driver.get("about:blank");
    Status.awaitZero(server, "connections", "openRooms");
  }

  /** One person's seed page, read the way a person reads it: the title, the notices and the message lines. */
  private static final class SeedPage {
    private final Chromium browser;
    private final ChromeDriver driver;

    private SeedPage(Chromium browser) {
      this.browser = browser;
      this.driver = browser.driver();
    }

    /** Opens the page as PHP linked to it: {@code ?name=...&room=...}. */
    static SeedPage open(Chromium browser, String name, String room) {
      browser
          .driver()
          .get(page.toUri() + "?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8)
              + "&room=" + URLEncoder.encode(room, StandardCharsets.UTF_8));
      return new SeedPage(browser);
    }

    void say(String text) {
      driver.findElement(By.id("msg")).sendKeys(text);
      driver.findElement(By.id("send")).click();
    }

    void leave() {
      driver.findElement(By.id("leave")).click();
    }

    String title() {
      return driver.findElement(By.id("_room")).getText();
    }

    List<String> notices() {
      return texts("#chat_container .notice");
    }

    /** Every message line, own and others', in order, exactly as the page wrote it (spaces kept). */
    List<String> messages() {
      return texts("#chat_container .mine, #chat_container .theirs");
    }

    void awaitTitle(String title) {
      until("title " + title, d -> title.equals(title()));
    }

    void awaitNotice(String notice) {
      until("notice \"" + notice + "\"", d -> notices().contains(notice));
    }

    /** Waits for the page to show its own message, right-aligned as "message   오후 03:15"; returns the time. */
    String awaitOwnMessage(String text) {
      WebElement line = until("own message \"" + text + "\"", d -> line("mine", text + "   ").orElse(null));
      assertThat(line.getCssValue("text-align")).as("own messages are right-aligned").isEqualTo("right");
      return timeOf(line, text);
    }

    String ownTime(String text) {
      return timeOf(line("mine", text + "   ").orElseThrow(), text);
    }

    /** Waits for the page to show someone else's message, left-aligned as "name: message   오후 03:15"; returns the time. */
    String awaitMessageFrom(String name, String text) {
      String shown = name + ": " + text;
      WebElement line = until("message \"" + shown + "\"", d -> line("theirs", shown + "   ").orElse(null));
      assertThat(line.getCssValue("text-align")).as("others' messages are left-aligned").isEqualTo("left");
      return timeOf(line, shown);
    }

    private static String timeOf(WebElement line, String shown) {
      String text = line.getDomProperty("textContent");
      Matcher matcher = Pattern.compile(Pattern.quote(shown) + " {3}(" + TIME + ")").matcher(text);
      assertThat(matcher.matches()).as("\"%s\" is the message, three spaces and the time", text).isTrue();
      return matcher.group(1);
    }

    private Optional<WebElement> line(String kind, String start) {
      return driver.findElements(By.cssSelector("#chat_container ." + kind)).stream()
          .filter(line -> line.getDomProperty("textContent").startsWith(start))
          .findFirst();
    }

    private List<String> texts(String css) {
      return driver.findElements(By.cssSelector(css)).stream()
          .map(element -> element.getDomProperty("textContent"))
          .toList();
    }

    private <T> T until(String what, ExpectedCondition<T> condition) {
      return new WebDriverWait(driver, WAIT, Duration.ofMillis(100))
          .ignoring(StaleElementReferenceException.class)
          .withMessage(() -> "no " + what + " on the page; title " + title() + ", notices " + notices()
              + ", messages " + messages() + ", console " + browser.console())
          .until(condition);
    }
  }
}
