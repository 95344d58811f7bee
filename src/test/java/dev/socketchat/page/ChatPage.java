package dev.socketchat.page;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/** One person's chat page in one browser, operated through the page's data-testid hooks only. */
final class ChatPage {
  /** Long enough for a shared, busy machine; every wait ends as soon as its condition holds. */
  static final Duration WAIT = Duration.ofSeconds(30);

  private final Chromium browser;
  private final ChromeDriver driver;
  private final URI page;
  private final WebDriverWait wait;

  ChatPage(Chromium browser, URI page) {
    this.browser = browser;
    this.driver = browser.driver();
    this.page = page;
    this.wait = waiting(WAIT);
  }

  Chromium browser() {
    return browser;
  }

  ChromeDriver driver() {
    return driver;
  }

  WebDriverWait waiting(Duration within) {
    WebDriverWait waiting = new WebDriverWait(driver, within, Duration.ofMillis(100));
    waiting.ignoring(StaleElementReferenceException.class);
    return waiting;
  }

  <T> T until(ExpectedCondition<T> condition) {
    return wait.until(condition);
  }

  // --- finding things -----------------------------------------------------------------------------------------------

  static By hook(String testId) {
    return By.cssSelector("[data-testid='" + testId + "']");
  }

  WebElement find(String testId) {
    return driver.findElement(hook(testId));
  }

  List<WebElement> all(String testId) {
    return driver.findElements(hook(testId));
  }

  /** Which view is on screen: nickname, lobby or room. */
  String view() {
    return driver.findElement(By.cssSelector("[data-socketchat]")).getAttribute("data-current-view");
  }

  void awaitView(String view) {
    until(d -> view.equals(view()));
  }

  String connectionState() {
    return find("connection-status").getAttribute("data-state");
  }

  void awaitConnection(String state, Duration within) {
    waiting(within).until(d -> state.equals(connectionState()));
  }

  // --- doing things -------------------------------------------------------------------------------------------------

  /** Loads the page and waits until it is connected. */
  ChatPage open() {
    driver.get(page.toString());
    awaitConnection("open", WAIT);
    until(d -> view() != null);
    return this;
  }

  /** Loads the page and makes sure it speaks as {@code nickname}, ending in the lobby. */
  ChatPage openAs(String nickname) {
    open();
    if ("lobby".equals(view()) && !nickname.equals(find("current-nickname").getText())) {
      find("change-nickname").click();
    }
    if ("nickname".equals(view())) {
      chooseNickname(nickname);
    }
    awaitView("lobby");
    until(d -> nickname.equals(find("current-nickname").getText()));
    return this;
  }

  void chooseNickname(String nickname) {
    awaitView("nickname");
    WebElement input = find("nickname");
    input.clear();
    input.sendKeys(nickname);
    find("save-nickname").click();
  }

  /** Creates a room and waits until its view is shown. */
  void createRoom(String name) {
    awaitView("lobby");
    WebElement input = find("room-name");
    input.clear();
    input.sendKeys(name);
    find("create-room").click();
    awaitView("room");
    until(d -> name.equals(find("room-title").getText()));
  }

  /** The lobby's room item for a room of this name, once it is listed. */
  WebElement awaitRoomItem(String name) {
    return until(d -> roomItem(name).orElse(null));
  }

  Optional<WebElement> roomItem(String name) {
    return all("room-item").stream()
        .filter(item -> name.equals(item.findElement(hook("room-item-name")).getText()))
        .findFirst();
  }

  void awaitNoRoomItem(String name, Duration within) {
    waiting(within).until(d -> roomItem(name).isEmpty());
  }

  List<String> roomNames() {
    return all("room-item-name").stream().map(WebElement::getText).toList();
  }

  /** Joins (or opens) a room from the lobby with one click and waits for its view. */
  void join(String name) {
    awaitRoomItem(name).findElement(hook("join-room")).click();
    awaitView("room");
    until(d -> name.equals(find("room-title").getText()));
  }

  /** Types a message and presses Enter; waits until the server's echo of it is in the log. */
  void say(String text) {
    int before = messages().size();
    type(text + Keys.ENTER);
    until(d -> messages().size() > before && messages().get(messages().size() - 1).equals(new Line(nickname(), text)));
  }

  void type(CharSequence keys) {
    WebElement input = find("message-input");
    until(d -> input.isEnabled());
    input.sendKeys(keys);
  }

  String nickname() {
    return find("current-nickname").getText();
  }

  /** The chat messages of the room on screen, oldest first. */
  List<Line> messages() {
    return all("message").stream()
        .map(item -> new Line(item.findElement(hook("message-sender")).getText(), item.findElement(hook("message-text")).getText()))
        .toList();
  }

  void awaitMessage(String sender, String text) {
    Line wanted = new Line(sender, text);
    until(d -> messages().contains(wanted));
  }

  /** The room log's lines about the room (joins, leaves, reconnects). */
  List<String> events() {
    return all("event").stream().map(WebElement::getText).toList();
  }

  void awaitEvent(String text) {
    until(d -> events().contains(text));
  }

  /** The member names of the room on screen, owner first. */
  List<String> members() {
    return all("member-name").stream().map(WebElement::getText).toList();
  }

  void awaitMembers(String... names) {
    List<String> wanted = List.of(names);
    until(d -> members().equals(wanted));
  }

  String owner() {
    return driver.findElement(By.cssSelector("[data-testid='member'][data-owner='true'] [data-testid='member-name']")).getText();
  }

  /** Leaves the room on screen; confirms when the page asks (the owner leaving deletes the room). */
  void exit() {
    find("exit-room").click();
    awaitView("lobby");
  }

  void exitAsOwner() {
    find("exit-room").click();
    confirm();
    awaitView("lobby");
  }

  void delete() {
    find("delete-room").click();
    confirm();
    awaitView("lobby");
  }

  void confirm() {
    WebElement dialog = find("confirm-dialog");
    until(d -> dialog.isDisplayed());
    find("confirm-ok").click();
    until(d -> !dialog.isDisplayed());
  }

  void backToLobby() {
    find("back-to-lobby").click();
    awaitView("lobby");
  }

  /** The notices (toasts) on screen. */
  List<String> notices() {
    return all("notice").stream().map(notice -> notice.findElement(By.className("toast-text")).getText()).toList();
  }

  void awaitNotice(String text) {
    until(d -> notices().contains(text));
  }

  /** Saves what this browser shows under target/screenshots/. */
  void screenshot(String name) {
    browser.screenshot(name);
  }

  Object script(String script, Object... args) {
    return driver.executeScript(script, args);
  }

  Object asyncScript(String script, Object... args) {
    return driver.executeAsyncScript(script, args);
  }

  /** One chat message as the log shows it. */
  record Line(String sender, String text) {}
}
