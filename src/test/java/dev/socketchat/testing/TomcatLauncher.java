package dev.socketchat.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tomcat as an operator would set it up: the project's {@code server.xml} in {@code conf/}, socketchat-tomcat.war as
 * {@code webapps/socketchat.war} next to the stock sample applications (which server.xml must keep undeployed), the
 * port and address given as the system properties server.xml reads, started with {@code catalina.sh run}.
 */
final class TomcatLauncher implements Launcher {
  private final Path home;
  private final Path war;
  private final Path serverXml;

  TomcatLauncher(Path home, Path war, Path serverXml) {
    this.home = home;
    this.war = war;
    this.serverXml = serverXml;
  }

  @Override
  public Launch prepare(Map<String, String> settings) throws IOException {
    Launcher.requireUnpacked(home.resolve("bin/catalina.sh"));
    Files.copy(serverXml, home.resolve("conf/server.xml"), StandardCopyOption.REPLACE_EXISTING);
    logConnections(home.resolve("conf/logging.properties"));
    Path webapps = home.resolve("webapps");
    FileTrees.delete(webapps.resolve("socketchat"));
    FileTrees.delete(home.resolve("work/Catalina/localhost/socketchat"));
    Files.copy(war, webapps.resolve("socketchat.war"), StandardCopyOption.REPLACE_EXISTING);

    int port = FreePorts.take(1)[0];
    Map<String, String> properties = new LinkedHashMap<>(Launcher.forPort(settings, port));
    properties.put("socketchat.http.address", "127.0.0.1");
    properties.put("socketchat.http.port", Integer.toString(port));
    Map<String, String> environment =
        Map.of(
            "CATALINA_HOME", home.toString(),
            "CATALINA_BASE", home.toString(),
            "JAVA_HOME", Launcher.javaHome().toString(),
            "CATALINA_OPTS", "-Xmx512m " + String.join(" ", Launcher.systemProperties(properties)));
    return new Launch(
        List.of("bash", home.resolve("bin/catalina.sh").toString(), "run"), environment, home, Launcher.base(port));
  }

  /** The application's connection lifecycle (FINE) goes to the console too, so a failed test's log shows it. */
  private static void logConnections(Path loggingProperties) throws IOException {
    String line = "dev.socketchat.level = FINE";
    if (!Files.readString(loggingProperties).contains(line)) {
      Files.writeString(loggingProperties, "\n" + line + "\n", StandardOpenOption.APPEND);
    }
  }
}
