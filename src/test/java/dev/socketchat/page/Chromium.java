package dev.socketchat.page;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * One headless Debian Chromium with a fresh profile, driven by Debian's chromedriver. Both paths are given explicitly,
 * so Selenium never runs Selenium Manager and nothing is downloaded.
 */
final class Chromium implements AutoCloseable {
  static final Path BROWSER = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  static final Dimension DESKTOP = new Dimension(1280, 860);
  static final Dimension PHONE = new Dimension(390, 844);
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  /**
   * Selenium looks for DevTools bindings that match the browser at every start and warns when Debian's Chromium is
   * newer than it knows; these tests use no DevTools, so the warning is noise. Held here so the setting sticks.
   */
  private static final Logger CDP_VERSION_FINDER = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

  static {
    CDP_VERSION_FINDER.setLevel(Level.SEVERE);
  }

  private final ChromeDriver driver;
  private final Path profile;

  private Chromium(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** Starts a browser whose preferred language is the given one ("en", "ko"). */
  static Chromium start(String language) {
    for (Path binary : List.of(BROWSER, DRIVER)) {
      if (!Files.isExecutable(binary)) {
        throw new IllegalStateException(binary + " is missing: install Debian's chromium and chromium-driver (.ci/run)");
      }
    }
    Path profile;
    try {
      profile = Files.createTempDirectory("socketchat-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
        "--disable-quic",
        "--disable-dev-shm-usage",
        "--user-data-dir=" + profile,
        "--window-size=" + DESKTOP.width + "," + DESKTOP.height,
        "--lang=" + language);
    options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
    try {
      return new Chromium(new ChromeDriver(service, options), profile);
    } catch (RuntimeException e) {
      deleteTree(profile);
      throw e;
    }
  }

  ChromeDriver driver() {
    return driver;
  }

  /** The console messages logged since the last call, as "LEVEL message". */
  List<String> console() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(Chromium::describe).toList();
  }

  /** The console errors logged since the last call. */
  List<String> consoleErrors() {
    return console().stream().filter(line -> line.startsWith(Level.SEVERE.getName())).toList();
  }

  void resize(Dimension size) {
    driver.manage().window().setSize(size);
  }

  /** Saves what the browser shows as target/screenshots/NAME.png and returns the file. */
  Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path file = SCREENSHOTS.resolve(name + ".png");
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      deleteTree(profile);
    }
  }

  private static String describe(LogEntry entry) {
    return entry.getLevel().getName() + " " + entry.getMessage();
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // a temporary profile left behind is harmless
    }
  }
}
