package dev.socketchat.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.Eventually;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The deployment checks plus what the project's {@code server.xml} promises on Tomcat. */
abstract class TomcatDeploymentContract extends DeploymentContract {

  @Test
  void tomcatsSampleApplicationsAreNotDeployedAlthoughTheyAreInWebapps() {
    assertThat(Files.isDirectory(server().appServer().home().resolve("webapps/examples"))).isTrue();
    for (String path : List.of("/", "/docs/", "/examples/", "/manager/html", "/host-manager/html")) {
      assertThat(get(server().base().resolve(path)).statusCode()).as("GET %s", path).isEqualTo(404);
    }
  }

  @Test
  void errorPagesDoNotRevealTheServer() {
    var missing = get(server().resolve("no-such-page"));
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).doesNotContainIgnoringCase("tomcat");
    assertThat(missing.headers().firstValue("Server")).hasValue("socketchat");
  }

  @Test
  void requestsAreWrittenToTheAccessLog() {
    String marker = UUID.randomUUID().toString();
    assertThat(get(server().resolve("status?probe=" + marker)).statusCode()).isEqualTo(200);
    Path logs = server().appServer().home().resolve("logs");
    // the valve writes through a buffer that Tomcat flushes in its background thread (every 10 s)
    Eventually.await(
        Duration.ofSeconds(40),
        () -> accessLogs(logs),
        text -> text.contains("\"GET /socketchat/status?probe=" + marker + " HTTP/1.1\" 200"),
        "the request in " + logs + "/socketchat_access.*.log");
  }

  private static String accessLogs(Path logs) {
    try (Stream<Path> files = Files.list(logs)) {
      StringBuilder text = new StringBuilder();
      for (Path file : files.filter(f -> f.getFileName().toString().startsWith("socketchat_access")).toList()) {
        text.append(Files.readString(file));
      }
      return text.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
