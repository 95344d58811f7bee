package dev.socketchat.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A logging configuration for a server under test: INFO, and FINE for the loggers a test follows, to the console. */
public final class FineLogging {
  /** The system property that makes a server read the configuration. */
  public static final String PROPERTY = "java.util.logging.config.file";

  private FineLogging() {}

  /** Writes the configuration as {@code target/logs/NAME-logging.properties} and returns its absolute path. */
  public static String file(String name, String... fineLoggers) {
    StringBuilder properties =
        new StringBuilder("handlers=java.util.logging.ConsoleHandler\n")
            .append("java.util.logging.ConsoleHandler.level=ALL\n")
            .append(".level=INFO\n");
    for (String logger : fineLoggers) {
      properties.append(logger).append(".level=FINE\n");
    }
    Path file = Path.of("target", "logs", name + "-logging.properties").toAbsolutePath();
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, properties);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file.toString();
  }
}
