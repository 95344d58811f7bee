package dev.socketchat.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Just enough of the Redis protocol to see that a local redis-server is up and who is connected to it. */
final class Redis {
  private Redis() {}

  /** Sends one command and returns the raw reply text (at most 64 KiB), or null when Redis cannot be reached. */
  static String command(int port, String... words) {
    StringBuilder request = new StringBuilder("*").append(words.length).append("\r\n");
    for (String word : words) {
      request.append('$').append(word.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(word).append("\r\n");
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      socket.setSoTimeout(2000);
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[65536];
      int length = in.read(buffer);
      if (length <= 0) {
        return null;
      }
      String reply = new String(buffer, 0, length, StandardCharsets.UTF_8);
      if (reply.startsWith("$")) {
        int expected = Integer.parseInt(reply.substring(1, reply.indexOf('\r')));
        int header = reply.indexOf('\n') + 1;
        while (length < header + expected && length < buffer.length) {
          int more = in.read(buffer, length, buffer.length - length);
          if (more <= 0) {
            break;
          }
          length += more;
        }
        reply = new String(buffer, 0, length, StandardCharsets.UTF_8);
      }
      return reply;
    } catch (IOException e) {
      return null;
    }
  }

  static boolean ping(int port) {
    String reply = command(port, "PING");
    return reply != null && reply.startsWith("+PONG");
  }

  /** How many clients are connected, counting the one asking; -1 when Redis cannot be reached. */
  static int connectedClients(int port) {
    String reply = command(port, "INFO", "clients");
    if (reply == null) {
      return -1;
    }
    for (String line : reply.split("\r\n")) {
      if (line.startsWith("connected_clients:")) {
        return Integer.parseInt(line.substring("connected_clients:".length()).strip());
      }
    }
    return -1;
  }
}
