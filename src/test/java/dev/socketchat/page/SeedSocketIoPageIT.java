package dev.socketchat.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.StandaloneProcess;
import dev.socketchat.testing.Status;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A page written for the old Node Socket.IO server, loading {@code /socket.io/socket.io.js} from the chat server with
 * a script tag as the seed's PHP pages do, chats through socketchat in real Chromium with only its server address
 * changed.
 */
class SeedSocketIoPageIT {
  private static final Duration WAIT = Duration.ofSeconds(15);

  private static StandaloneProcess server;
  private static Chromium aliceBrowser;
  private static Chromium bobBrowser;
  private static Path page;

  @BeforeAll
  static void start() throws IOException {
    server = StandaloneProcess.start("seed-socketio-page", Map.of());
    aliceBrowser = Chromium.start("ko");
    bobBrowser = Chromium.start("ko");
    page = renderSeedPage();
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

  @Test
  void twoSeedPagesEnterChatAndLeaveThroughTheServedClient() {
    ChromeDriver alice = open(aliceBrowser, "민수", "tour-1042");
    awaitLine(alice, "join_room 민수: 클라이언트 첫 입장");

    ChromeDriver bob = open(bobBrowser, "bob", "tour-1042");
    awaitLine(alice, "join_room bob: 클라이언트 첫 입장");

    say(bob, "<b>안녕하세요</b>");
    awaitLine(alice, "chatting bob: <b>안녕하세요</b>");
    awaitLine(bob, "chatting bob: <b>안녕하세요</b>");
    say(alice, "hello back");
    awaitLine(bob, "chatting 민수: hello back");

    bob.findElement(By.id("exit")).click();
    awaitLine(alice, "exit_room bob: ");
    assertThat(lines(bob)).noneMatch(line -> line.startsWith("exit_room"));

    alice.get("about:blank");
    Status.awaitZero(server, "connections", "openRooms");
    assertThat(aliceBrowser.consoleErrors()).as("alice's console").isEmpty();
    assertThat(bobBrowser.consoleErrors()).as("bob's console").isEmpty();
  }

  /** The seed page as PHP rendered it, pointing at the server under test, written under target/. */
  private static Path renderSeedPage() throws IOException {
    String template;
    try (InputStream in = SeedSocketIoPageIT.class.getResourceAsStream("seed-page.html")) {
      template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String http = server.socketIoOrigin().toString();
    String html =
        template.replace("{link:port}", http).replace("{ws:port}", http.replaceFirst("^http", "ws"));
    Path file = Path.of("target", "seed-page", "seed-page.html").toAbsolutePath();
    Files.createDirectories(file.getParent());
    Files.writeString(file, html);
    return file;
  }

  private static ChromeDriver open(Chromium browser, String name, String room) {
    ChromeDriver driver = browser.driver();
    driver.get(page.toUri() + "?name=" + java.net.URLEncoder.encode(name, StandardCharsets.UTF_8) + "&room=" + room);
    new WebDriverWait(driver, WAIT, Duration.ofMillis(100))
        .withMessage(() -> "the seed page never connected; console " + browser.console())
        .until(d -> "yes".equals(((ChromeDriver) d).executeScript("return document.body.dataset.connected")));
    return driver;
  }

  private static void say(ChromeDriver driver, String text) {
    WebElement input = driver.findElement(By.id("msg"));
    input.sendKeys(text);
    driver.findElement(By.id("send")).click();
  }

  private static List<String> lines(ChromeDriver driver) {
    return driver.findElements(By.cssSelector("#log li")).stream().map(WebElement::getText).toList();
  }

  private static void awaitLine(ChromeDriver driver, String line) {
    new WebDriverWait(driver, WAIT, Duration.ofMillis(100))
        .withMessage(() -> "no line \"" + line + "\" in " + lines(driver))
        .until(d -> lines(driver).contains(line.strip()));
  }
}
