package dev.socketchat.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The TCP addresses a process and its children listen on, read from Linux's {@code /proc}: the sockets a process holds
 * ({@code /proc/PID/fd}) matched with the kernel's table of listening sockets ({@code /proc/net/tcp}, {@code tcp6}).
 */
public final class Listeners {
  private static final Pattern SOCKET = Pattern.compile("socket:\\[(\\d+)]");
  private static final String LISTEN = "0A";

  private Listeners() {}

  /** Whether this machine has the {@code /proc} files to read. */
  public static boolean supported() {
    return Files.isReadable(Path.of("/proc/net/tcp")) && Files.isDirectory(Path.of("/proc/self/fd"));
  }

  /** Every address the process or one of its descendants listens on. */
  public static List<InetSocketAddress> of(ProcessHandle process) {
    Set<String> inodes = new HashSet<>();
    Stream.concat(Stream.of(process), process.descendants()).forEach(p -> inodes.addAll(socketInodes(p.pid())));
    List<InetSocketAddress> listening = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path path = Path.of(table);
      if (!Files.isReadable(path)) {
        continue;
      }
      for (String line : lines(path)) {
        String[] fields = line.strip().split("\\s+", -1);
        if (fields.length > 9 && fields[3].equals(LISTEN) && inodes.contains(fields[9])) {
          listening.add(address(fields[1]));
        }
      }
    }
    return listening;
  }

  private static Set<String> socketInodes(long pid) {
    Set<String> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      fds.forEach(
          fd -> {
            try {
              Matcher socket = SOCKET.matcher(Files.readSymbolicLink(fd).toString());
              if (socket.matches()) {
                inodes.add(socket.group(1));
              }
            } catch (IOException closedMeanwhile) {
              // the descriptor was closed while we looked
            }
          });
    } catch (IOException processEnded) {
      // nothing to report for a process that is gone
    }
    return inodes;
  }

  /** Reads {@code 0100007F:1F90} (IPv4) or a 32-digit IPv6 address, each 32-bit word in host (little-endian) order. */
  static InetSocketAddress address(String field) {
    String[] parts = field.split(":", -1);
    String hex = parts[0];
    byte[] bytes = new byte[hex.length() / 2];
    for (int word = 0; word < bytes.length / 4; word++) {
      for (int i = 0; i < 4; i++) {
        int at = (word * 4 + (3 - i)) * 2;
        bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
      }
    }
    try {
      return new InetSocketAddress(InetAddress.getByAddress(bytes), Integer.parseInt(parts[1], 16));
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an address: " + field, e);
    }
  }

  private static List<String> lines(Path path) {
    try {
      List<String> lines = Files.readAllLines(path);
      return lines.subList(1, lines.size());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
