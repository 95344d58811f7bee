package dev.socketchat.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * WildFly's default standalone configuration with socketchat.war in {@code standalone/deployments}, every socket
 * binding on 127.0.0.1 ({@code -b}, {@code -bmanagement}) and on a free port, started with {@code standalone.sh}.
 */
final class WildFlyLauncher implements Launcher {
  private static final List<String> PORT_PROPERTIES =
      List.of(
          "jboss.http.port",
          "jboss.https.port",
          "jboss.ajp.port",
          "jboss.management.http.port",
          "jboss.management.https.port");

  private final Path home;
  private final Path war;

  WildFlyLauncher(Path home, Path war) {
    this.home = home;
    this.war = war;
  }

  @Override
  public Launch prepare(Map<String, String> settings) throws IOException {
    Launcher.requireUnpacked(home.resolve("bin/standalone.sh"));
    Path deployments = home.resolve("standalone/deployments");
    try (Stream<Path> earlier = Files.list(deployments)) {
      for (Path file : earlier.filter(p -> p.getFileName().toString().startsWith("socketchat.war")).toList()) {
        FileTrees.delete(file);
      }
    }
    Files.copy(war, deployments.resolve("socketchat.war"), StandardCopyOption.REPLACE_EXISTING);

    int[] ports = FreePorts.take(PORT_PROPERTIES.size());
    List<String> command =
        new ArrayList<>(
            List.of("bash", home.resolve("bin/standalone.sh").toString(), "-b", "127.0.0.1", "-bmanagement", "127.0.0.1"));
    for (int i = 0; i < ports.length; i++) {
      command.add("-D" + PORT_PROPERTIES.get(i) + "=" + ports[i]);
    }
    command.addAll(Launcher.systemProperties(Launcher.forPort(settings, ports[0])));
    Map<String, String> environment =
        Map.of("JBOSS_HOME", home.toString(), "JAVA_HOME", Launcher.javaHome().toString());
    return new Launch(command, environment, home, Launcher.base(ports[0]));
  }
}
