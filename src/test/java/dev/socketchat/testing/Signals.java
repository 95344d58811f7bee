package dev.socketchat.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/** Freezes and thaws another process with SIGSTOP and SIGCONT (through {@code kill}), as a stall or a long pause. */
public final class Signals {
  private Signals() {}

  /** Stops the process where it stands: it keeps its sockets open but reads and answers nothing. */
  public static void freeze(Process process) {
    send("-STOP", process);
  }

  /** Lets a frozen process go on. */
  public static void thaw(Process process) {
    send("-CONT", process);
  }

  private static void send(String signal, Process process) {
    try {
      Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill " + signal + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
