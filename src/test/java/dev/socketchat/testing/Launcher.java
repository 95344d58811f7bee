package dev.socketchat.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Lays out one application server with the WAR deployed and says how to start it on free loopback ports. */
interface Launcher {

  /**
   * Writes the server's configuration and deployment and picks its ports.
   *
   * @param settings system properties the application reads ({@code socketchat.*})
   */
  Launch prepare(Map<String, String> settings) throws IOException;

  /** A prepared server: the command that runs it in the foreground, and where the application will answer. */
  record Launch(List<String> command, Map<String, String> environment, Path directory, URI base) {
    public Launch {
      command = List.copyOf(command);
      environment = Map.copyOf(environment);
    }
  }

  /**
   * The settings for a server on this port: the given ones, and page origins limited to the application's own pages
   * and {@link AppServer#LISTED_PAGE_ORIGIN}, so the deployment tests can see a page from anywhere else refused.
   */
  static Map<String, String> forPort(Map<String, String> settings, int port) {
    Map<String, String> all = new java.util.LinkedHashMap<>(settings);
    all.put("socketchat.origins", "http://127.0.0.1:" + port + "," + AppServer.LISTED_PAGE_ORIGIN);
    return all;
  }

  /** {@code -Dname=value} for each entry. */
  static List<String> systemProperties(Map<String, String> properties) {
    return properties.entrySet().stream().map(entry -> "-D" + entry.getKey() + "=" + entry.getValue()).sorted().toList();
  }

  /** The java launcher of the JDK that runs the tests, so every server runs on the same Java. */
  static Path javaHome() {
    return Path.of(System.getProperty("java.home"));
  }

  static void requireUnpacked(Path path) {
    if (!path.toFile().exists()) {
      throw new IllegalStateException(path + " is missing: mvn verify unpacks the servers in pre-integration-test");
    }
  }

  static URI base(int port) {
    return URI.create("http://127.0.0.1:" + port + "/socketchat/");
  }
}
