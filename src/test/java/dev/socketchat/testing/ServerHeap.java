package dev.socketchat.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The heap a server JVM of the tests holds right after a full GC, read with {@code jcmd}. */
public final class ServerHeap {
  private ServerHeap() {}

  /** Bytes of heap in use in {@code server} right after a full GC. */
  public static long afterGc(Process server) throws IOException, InterruptedException {
    jcmd(server, "GC.run");
    String info = jcmd(server, "GC.heap_info");
    Matcher used = Pattern.compile("used (\\d+)K").matcher(info);
    assertThat(used.find()).as("jcmd GC.heap_info: %s", info).isTrue();
    return Long.parseLong(used.group(1)) * 1024;
  }

  private static String jcmd(Process server, String command) throws IOException, InterruptedException {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    Process process =
        new ProcessBuilder(jcmd, Long.toString(server.pid()), command).redirectErrorStream(true).start();
    String out;
    try (InputStream in = process.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("jcmd %s ends", command).isTrue();
    assertThat(process.exitValue()).as("jcmd %s: %s", command, out).isZero();
    return out;
  }
}
