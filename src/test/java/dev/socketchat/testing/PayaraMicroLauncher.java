package dev.socketchat.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Payara Micro running socketchat.war ({@code --deploy}) with its data grid off ({@code --nohazelcast}: with only
 * {@code --nocluster} Hazelcast still listens on every interface), no phone-home, the HTTP listener bound to 127.0.0.1
 * by a pre-boot command, and its runtime unpacked under {@code target/}.
 */
final class PayaraMicroLauncher implements Launcher {
  static final String BIND_HTTP_TO_LOOPBACK =
      "set configs.config.server-config.network-config.network-listeners.network-listener.http-listener.address=127.0.0.1";

  /** The application's connection lifecycle (FINE) goes to the log too, so a failed test's log shows it. */
  static final String LOG_CONNECTIONS = "set-log-levels dev.socketchat=FINE";

  private final Path jar;
  private final Path war;
  private final Path work;

  PayaraMicroLauncher(Path jar, Path war, Path work) {
    this.jar = jar;
    this.war = war;
    this.work = work.toAbsolutePath();
  }

  @Override
  public Launch prepare(Map<String, String> settings) throws IOException {
    Launcher.requireUnpacked(jar);
    FileTrees.delete(work);
    Path root = Files.createDirectories(work.resolve("root"));
    Path temp = Files.createDirectories(work.resolve("tmp"));
    Path preBoot = Files.writeString(work.resolve("pre-boot-commands.txt"), BIND_HTTP_TO_LOOPBACK + "\n" + LOG_CONNECTIONS + "\n");

    int port = FreePorts.take(1)[0];
    List<String> command = new ArrayList<>();
    command.add(Launcher.javaHome().resolve("bin/java").toString());
    command.add("-Xmx512m");
    command.add("-Djava.io.tmpdir=" + temp);
    command.addAll(Launcher.systemProperties(Launcher.forPort(settings, port)));
    command.addAll(
        List.of(
            "-jar", jar.toString(),
            "--nohazelcast",
            "--disablephonehome",
            "--port", Integer.toString(port),
            "--rootdir", root.toString(),
            "--prebootcommandfile", preBoot.toString(),
            "--deploy", war.toString()));
    return new Launch(command, Map.of(), work, Launcher.base(port));
  }
}
