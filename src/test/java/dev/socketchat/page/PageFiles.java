package dev.socketchat.page;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Test pages kept as resources beside these tests, written under target/ with their placeholders filled in (as the
 * seed's PHP filled in its server address) and opened from there with a file: address.
 */
final class PageFiles {
  private PageFiles() {}

  /** The jQuery that Maven installs for the test clients (npm ci in src/test/node), as a file: address. */
  static String jquery() {
    Path nodeTests = Path.of(System.getProperty("socketchat.nodeTests", "src/test/node"));
    Path file = nodeTests.resolve("node_modules/jquery/dist/jquery.min.js").toAbsolutePath();
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(file + " is missing: Maven installs it with npm ci in " + nodeTests);
    }
    return file.toUri().toString();
  }

  /** Writes the resource NAME as target/pages/NAME with each key of {@code fills} replaced by its value. */
  static Path render(String name, Map<String, String> fills) {
    try (InputStream in = PageFiles.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("no test page " + name + " beside " + PageFiles.class.getName());
      }
      String html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (Map.Entry<String, String> fill : fills.entrySet()) {
        html = html.replace(fill.getKey(), fill.getValue());
      }
      Path file = Path.of("target", "pages", name).toAbsolutePath();
      Files.createDirectories(file.getParent());
      Files.writeString(file, html);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
