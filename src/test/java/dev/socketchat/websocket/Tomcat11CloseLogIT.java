package dev.socketchat.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.AppServer;
import dev.socketchat.testing.ChatClient;
import dev.socketchat.testing.DeployedServer;
import dev.socketchat.testing.Eventually;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Tomcat reports a close frame that carries no reason with a null phrase (the API jar's own class would make it
 * empty): the endpoint's line for it (Tomcat's tests run at FINE) says so, with no fault of the endpoint's own.
 */
class Tomcat11CloseLogIT {
  @RegisterExtension static final DeployedServer SERVER = DeployedServer.on(AppServer.TOMCAT_11);

  @Test
  void aCloseFrameWithoutAReasonIsLoggedAsAnEmptyReasonAndNothingFails() throws IOException {
    Path log = SERVER.running().log();
    long before = Files.size(log);
    ChatClient.connect(SERVER).close(1000, "");
    String since =
        Eventually.await(
            Duration.ofSeconds(10),
            () -> since(log, before),
            text -> text.contains("closed: 1000 \"\""),
            "the endpoint's line for the close");
    assertThat(since).doesNotContain("NullPointerException").doesNotContain("SEVERE");
  }

  private static String since(Path log, long offset) {
    try {
      byte[] all = Files.readAllBytes(log);
      return new String(Arrays.copyOfRange(all, (int) Math.min(offset, all.length), all.length), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
