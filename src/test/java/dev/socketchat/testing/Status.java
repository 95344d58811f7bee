package dev.socketchat.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;

/** Reads a server's {@code GET status} report. */
public final class Status {
  private Status() {}

  /**
   * Waits up to 20 s until each of the named counts ({@code connections}, {@code seats}, {@code rooms},
   * {@code openRooms}, {@code memberships}) in the server's report is 0: nothing left behind.
   */
  public static void awaitZero(ServerUnderTest server, String... counts) {
    Eventually.await(
        Duration.ofSeconds(20),
        () -> of(server),
        status -> Arrays.stream(counts).allMatch(count -> status.getInt(count) == 0),
        "no " + String.join(", ", counts) + " left");
  }

  public static JsonObject of(ServerUnderTest server) {
    HttpResponse<String> response = HttpGet.send(server.resolve("status"));
    if (response.statusCode() != 200) {
      throw new IllegalStateException("GET status answered " + response.statusCode() + ": " + response.body());
    }
    return Json.createReader(new StringReader(response.body())).readObject();
  }
}
