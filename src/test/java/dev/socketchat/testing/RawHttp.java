package dev.socketchat.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 spoken byte for byte over a plain socket, for what a client library hides: requests pipelined in one write,
 * bodies framed by hand, answers read one after another off the same connection.
 */
public final class RawHttp implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;

  private RawHttp(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
  }

  /** Connects to the server; every read waits at most {@code patience} for the server's next bytes. */
  public static RawHttp connect(ServerUnderTest server, Duration patience) throws IOException {
    URI base = server.base();
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
    socket.setSoTimeout((int) patience.toMillis());
    return new RawHttp(socket);
  }

  /** A request with its header lines (Host is added) and a body framed by {@code Content-Length}, or none. */
  public static String request(String method, String target, String body, String... headers) {
    StringBuilder request = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    for (String header : headers) {
      request.append(header).append("\r\n");
    }
    if (body != null) {
      request.append("Content-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n");
    }
    return request.append("\r\n").append(body == null ? "" : body).toString();
  }

  /** A request whose body is sent in chunked transfer coding, one chunk per piece. */
  public static String chunked(String method, String target, String... pieces) {
    StringBuilder request =
        new StringBuilder(
            method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain;charset=UTF-8\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n");
    for (String piece : pieces) {
      request
          .append(Integer.toHexString(piece.getBytes(StandardCharsets.UTF_8).length))
          .append("\r\n")
          .append(piece)
          .append("\r\n");
    }
    return request.append("0\r\n\r\n").toString();
  }

  /** Sends the text (UTF-8) in one write. */
  public RawHttp send(String requests) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(requests.getBytes(StandardCharsets.UTF_8));
    out.flush();
    return this;
  }

  /**
   * Reads the next answer, its body framed by {@code Content-Length} or chunked; interim (1xx) answers are skipped.
   *
   * @throws EOFException when the server closed the connection before a whole answer
   */
  public Response next() throws IOException {
    Response response;
    do {
      response = readOne(false);
    } while (response.status() / 100 == 1);
    return response;
  }

  /** Reads the next answer to a {@code HEAD}: its head only. */
  public Response nextHead() throws IOException {
    return readOne(true);
  }

  private Response readOne(boolean headOnly) throws IOException {
    String head = line();
    String[] statusLine = head.split(" ", -1);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = line(); !line.isEmpty(); line = line()) {
      int colon = line.indexOf(':');
      headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
    }
    int status = Integer.parseInt(statusLine[1]);
    byte[] body;
    if (headOnly || status / 100 == 1 || status == 204 || status == 304) {
      body = new byte[0];
    } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = dechunk();
    } else if (headers.containsKey("content-length")) {
      body = exactly(Integer.parseInt(headers.get("content-length")));
    } else {
      body = in.readAllBytes(); // framed by the end of the connection
    }
    return new Response(status, head, headers, new String(body, StandardCharsets.UTF_8));
  }

  private byte[] dechunk() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (int size = Integer.parseInt(line().split(";", -1)[0].strip(), 16); size > 0;
        size = Integer.parseInt(line().split(";", -1)[0].strip(), 16)) {
      body.writeBytes(exactly(size));
      line();
    }
    while (!line().isEmpty()) {
      // trailers
    }
    return body.toByteArray();
  }

  private byte[] exactly(int length) throws IOException {
    byte[] bytes = in.readNBytes(length);
    if (bytes.length < length) {
      throw new EOFException("the connection ended " + bytes.length + " bytes into a body of " + length);
    }
    return bytes;
  }

  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new EOFException("the connection ended after \"" + line.toString(StandardCharsets.ISO_8859_1) + "\"");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  /** Whether the server has closed the connection: the next read finds its end (after nothing more). */
  public boolean closedByServer() throws IOException {
    return in.read() < 0;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  /** An answer: its status, status line, headers by lower-case name, and body. */
  public record Response(int status, String statusLine, Map<String, String> headers, String body) {
    /** The header's value, or null. */
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }
}
