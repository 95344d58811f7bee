package dev.socketchat.standalone;

import dev.socketchat.config.Settings;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/** {@code java -jar socketchat-standalone.jar [--host H] [--port N]}: runs the server until SIGTERM or Ctrl-C. */
public final class Main {
  /** The runner's log manager ({@link RunnerLogManager}), named, so that nothing touches the JDK's before it is set. */
  static final String LOG_MANAGER = "dev.socketchat.standalone.RunnerLogManager";

  static {
    // before the first logger below: the JDK's LogManager reads the setting once, as its class loads
    if (System.getProperty("java.util.logging.manager") == null) {
      System.setProperty("java.util.logging.manager", LOG_MANAGER);
    }
  }

  private static final System.Logger LOG = System.getLogger(Main.class.getName());
  static final String USAGE =
      """
      usage: java -jar socketchat-standalone.jar [--host HOST] [--port PORT]
        --host HOST   address to listen on (default 0.0.0.0; use 127.0.0.1 for this machine only)
        --port PORT   TCP port (default: the PORT environment variable, else 8080; 0 picks a free port)
        --help        print this help
      Serves the chat page at /, the room protocol at ws://HOST:PORT/chat and Socket.IO at /socket.io/.
      Settings (system properties or environment variables) are listed in README.md.""";

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT %4$s %3$s: %5$s%6$s%n");
    }
    Options options;
    try {
      options = Options.parse(args, System.getenv("PORT"));
    } catch (IllegalArgumentException e) {
      fail(System.err, e.getMessage());
      return;
    }
    if (options.help()) {
      System.out.println(USAGE);
      return;
    }
    StandaloneServer server;
    try {
      AskedSettings environment = new AskedSettings(Settings.environment(name -> null));
      Duration warmup = Warmup.budget(environment);
      StandaloneServer.check(options.host(), options.port(), environment);
      warmUp(warmup);
      server = StandaloneServer.start(options.host(), options.port(), environment);
      Set<String> properties = System.getProperties().stringPropertyNames();
      for (String unknown : environment.unknown(properties, System.getenv().keySet())) {
        LOG.log(System.Logger.Level.WARNING, unknown);
      }
    } catch (UncheckedIOException | IllegalStateException | IllegalArgumentException e) {
      // IllegalArgumentException: a setting that makes no sense (its sentence names it), e.g. a short HMAC secret
      String sentence = AskedSettings.withSource(e.getMessage(), System::getProperty, System::getenv);
      System.err.println("socketchat: " + sentence);
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    RunnerLogManager.holdUntilStopped();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    server.close();
                    System.out.println("socketchat stopped");
                  } finally {
                    RunnerLogManager.stopped();
                    stopped.countDown();
                  }
                },
                "socketchat-shutdown"));
    String shown = shown(options.host());
    System.out.printf(
        "socketchat ready at http://%s:%d/ (WebSocket ws://%s:%d/chat)%n", shown, server.port(), shown, server.port());
    System.out.flush();
    stopped.await();
  }

  /**
   * Runs the warm-up ({@link Warmup}) within its budget, unless that is 0; one that fails is said in a warning, and the
   * server starts all the same.
   */
  private static void warmUp(Duration budget) throws InterruptedException {
    if (budget.isZero()) {
      return;
    }
    try {
      Warmup.Outcome outcome = Warmup.run(budget);
      LOG.log(
          System.Logger.Level.INFO,
          "warmed up: {0} chat messages delivered in {1} ms",
          Long.toString(outcome.deliveries()),
          Long.toString(outcome.took().toMillis()));
    } catch (RuntimeException | LinkageError e) {
      // LinkageError: a runtime without a module the warm-up's clients need (java.net.http)
      LOG.log(System.Logger.Level.WARNING, "warm-up failed; starting without it", e);
    }
  }

  /** The host as an address names it: localhost for every address, an IPv6 address in brackets. */
  static String shown(String host) {
    if (host.equals("0.0.0.0") || host.equals("::")) {
      return "localhost";
    }
    return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  private static void fail(PrintStream err, String problem) {
    err.println("socketchat: " + problem);
    err.println(USAGE);
    System.exit(2);
  }

  /** The parsed command line. */
  record Options(String host, int port, boolean help) {

    static Options parse(String[] args, String portVariable) {
      String host = "0.0.0.0";
      int port = portVariable == null || portVariable.isBlank() ? 8080 : port(portVariable, "PORT");
      boolean help = false;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--host" -> host = value(args, ++i, "--host");
          case "--port" -> port = port(value(args, ++i, "--port"), "--port");
          case "--help", "-h" -> help = true;
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
      return new Options(host, port, help);
    }

    private static String value(String[] args, int index, String flag) {
      if (index >= args.length || args[index].isBlank()) {
        throw new IllegalArgumentException(flag + " needs a value");
      }
      return args[index];
    }

    private static int port(String text, String what) {
      try {
        int port = Integer.parseInt(text.strip());
        if (port < 0 || port > 65535) {
          throw new NumberFormatException();
        }
        return port;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(what + " must be a port number from 0 to 65535, not \"" + text + "\"");
      }
    }
  }
}
