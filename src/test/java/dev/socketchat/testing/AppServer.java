package dev.socketchat.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * The application servers the WAR is deployed to in the integration tests. Their distributions come from Maven
 * Central and are unpacked under {@code target/servers} by the build; the build passes their paths as system
 * properties.
 */
public enum AppServer {
  TOMCAT_11("tomcat11"),
  TOMCAT_10("tomcat10"),
  PAYARA("payara"),
  WILDFLY("wildfly");

  /** The heartbeat the deployed application runs with: fast enough for the heartbeat test to finish quickly. */
  public static final Map<String, String> TEST_SETTINGS =
      Map.of(
          "socketchat.heartbeat.interval", "500",
          "socketchat.heartbeat.timeout", "5000",
          // a dropped connection's session waits this long for a resume before its rooms hear it left: long enough
          // that a resume a busy machine sends seconds after the drop still finds it (WildFly at 2 s, Payara at 5 s
          // in CI: a test's drop, chat, deletion and resume took longer than the window once)
          "socketchat.session.resume-window", "8000",
          // a short Engine.IO heartbeat, so the Socket.IO contract sees several pings in a few seconds; a pong may take
          // 4 s, so that a container that stalls a moment on a busy machine does not end every session at once
          "socketchat.socketio.ping-interval", "300",
          "socketchat.socketio.ping-timeout", "4000");

  public static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(5);

  /** A page origin other than the server's own that deployed servers under test let open WebSockets. */
  public static final String LISTED_PAGE_ORIGIN = "https://www.example.com";

  private final String id;

  AppServer(String id) {
    this.id = id;
  }

  /** The short name used in {@code -Dservers=...}, log file names and reports. */
  public String id() {
    return id;
  }

  public static AppServer byId(String id) {
    return Arrays.stream(values())
        .filter(server -> server.id.equals(id))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown server \"" + id + "\"; use all, none, tomcat or a list of: "
                        + Arrays.stream(values()).map(AppServer::id).toList()));
  }

  /** Where the server's distribution is unpacked (for Payara Micro: its jar). */
  public Path home() {
    return switch (this) {
      case TOMCAT_11 -> path("socketchat.tomcat11.home");
      case TOMCAT_10 -> path("socketchat.tomcat10.home");
      case PAYARA -> path("socketchat.payaraMicro.jar");
      case WILDFLY -> path("socketchat.wildfly.home");
    };
  }

  /** How this server is prepared and started with the WAR deployed. */
  Launcher launcher() {
    Path work = Path.of("target", "servers", id + "-work");
    return switch (this) {
      case TOMCAT_11, TOMCAT_10 -> new TomcatLauncher(home(), path("socketchat.tomcatWar"), path("socketchat.serverXml"));
      case PAYARA -> new PayaraMicroLauncher(home(), path("socketchat.war"), work);
      case WILDFLY -> new WildFlyLauncher(home(), path("socketchat.war"));
    };
  }

  private static Path path(String property) {
    String value = System.getProperty(property);
    if (value == null) {
      throw new IllegalStateException(property + " is not set: run the integration tests through Maven (mvn verify)");
    }
    return Path.of(value).toAbsolutePath();
  }
}
