package dev.socketchat.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket client written by hand on a plain socket, for peers no library would play: one that stops reading, or
 * stops answering pings. It does the opening handshake and sends short text frames; reading is up to the test.
 */
public final class RawWebSocket implements AutoCloseable {
  private static final int PINGS_PAST_THE_BUFFERS = 4_000;

  private final Socket socket;

  private RawWebSocket(Socket socket) {
    this.socket = socket;
  }

  /**
   * Connects to a {@code ws://} address and completes the opening handshake.
   *
   * @param receiveBuffer the socket's receive buffer in bytes, or 0 for the system default
   */
  public static RawWebSocket open(java.net.URI ws, int receiveBuffer) throws IOException {
    Socket socket = new Socket();
    if (receiveBuffer > 0) {
      socket.setReceiveBufferSize(receiveBuffer);
    }
    socket.connect(new InetSocketAddress(ws.getHost(), ws.getPort()), 10_000);
    OutputStream out = socket.getOutputStream();
    String target = ws.getRawQuery() == null ? ws.getRawPath() : ws.getRawPath() + "?" + ws.getRawQuery();
    out.write(("GET " + target + " HTTP/1.1\r\nHost: " + ws.getHost() + ":" + ws.getPort()
            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Sec-WebSocket-Version: 13\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    String head = readHead(socket.getInputStream());
    if (!head.startsWith("HTTP/1.1 101")) {
      socket.close();
      throw new IOException("handshake refused: " + head);
    }
    return new RawWebSocket(socket);
  }

  /** Sends one masked text frame (a client may send frames only after the handshake). */
  public void sendText(String text) throws IOException {
    sendFrame(0x81, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Sends one masked frame with the given first byte (FIN, the reserved bits, the opcode) and payload as it is: text
   * that is not UTF-8, or a reserved bit set, as no WebSocket library sends them, or a message in one frame however
   * long, which the JDK's client would send in several.
   */
  public void sendFrame(int firstByte, byte[] payload) throws IOException {
    sendRaw(frame(firstByte, payload));
  }

  /** A masked frame with the given first byte and payload, as {@link #sendFrame} sends it. */
  public static byte[] frame(int firstByte, byte[] payload) {
    int lengthBytes = payload.length <= 125 ? 0 : payload.length <= 0xffff ? 2 : 8;
    byte[] frame = new byte[6 + lengthBytes + payload.length];
    frame[0] = (byte) firstByte;
    frame[1] = (byte) (0x80 | (lengthBytes == 0 ? payload.length : lengthBytes == 2 ? 126 : 127));
    for (int i = 0; i < lengthBytes; i++) {
      frame[2 + i] = (byte) ((long) payload.length >>> (8 * (lengthBytes - 1 - i)));
    }
    byte[] mask = {0x12, 0x34, 0x56, 0x78};
    System.arraycopy(mask, 0, frame, 2 + lengthBytes, 4);
    for (int i = 0; i < payload.length; i++) {
      frame[6 + lengthBytes + i] = (byte) (payload[i] ^ mask[i % 4]);
    }
    return frame;
  }

  /**
   * Pings enough that their pongs (127 bytes each) outgrow what the kernel buffers between the server and a client
   * reading nothing (the runner's 64 KiB send buffer, doubled, and a small receive buffer) several times over, while
   * staying well below what the runner lets wait for a client before it counts as not reading: whatever the server
   * answers after them waits, the first answer's write in the socket, the rest in its outbox.
   */
  public static byte[] pingsPastTheBuffers() {
    byte[] ping = frame(0x89, new byte[125]);
    java.io.ByteArrayOutputStream pings = new java.io.ByteArrayOutputStream(PINGS_PAST_THE_BUFFERS * ping.length);
    for (int i = 0; i < PINGS_PAST_THE_BUFFERS; i++) {
      pings.writeBytes(ping);
    }
    return pings.toByteArray();
  }

  /** The header of a masked frame announcing {@code length} bytes (in 64 bits), none of which follow. */
  public static byte[] headerOnly(int firstByte, long length) {
    byte[] header = new byte[14];
    header[0] = (byte) firstByte;
    header[1] = (byte) (0x80 | 127);
    for (int i = 0; i < 8; i++) {
      header[2 + i] = (byte) (length >>> (8 * (7 - i)));
    }
    return header; // a zero mask
  }

  /** Writes bytes as they are: a hand-made frame or frame header, masked or not. */
  public void sendRaw(byte[] bytes) throws IOException {
    socket.getOutputStream().write(bytes);
    socket.getOutputStream().flush();
  }

  /**
   * Writes bytes as they are, as far as the server takes them: a server may close the connection (a reset, a broken
   * pipe) while the rest of an oversized or unwanted frame is still being written, and what the client can still read
   * is then the test's business. Returns whether all of them were written.
   */
  public boolean sendRawUnlessClosed(byte[] bytes) throws IOException {
    try {
      sendRaw(bytes);
      return true;
    } catch (java.net.SocketException closed) {
      return false;
    }
  }

  /**
   * Reads frames, skipping those that carry data, until the server's close frame; returns its status code, or -1
   * when the connection ends without one.
   *
   * @throws java.net.SocketTimeoutException when nothing arrives for {@code within}
   */
  public int awaitCloseCode(java.time.Duration within) throws IOException {
    socket.setSoTimeout(Math.toIntExact(within.toMillis()));
    java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
    try {
      while (true) {
        int first = in.read();
        if (first < 0) {
          return -1;
        }
        long length = in.readUnsignedByte() & 0x7f;
        if (length == 126) {
          length = in.readUnsignedShort();
        } else if (length == 127) {
          length = in.readLong();
        }
        if ((first & 0x0f) == 0x8) {
          return length >= 2 ? in.readUnsignedShort() : 1005;
        }
        in.skipNBytes(length);
      }
    } catch (java.io.EOFException | java.net.SocketException e) {
      return -1;
    }
  }

  /** Reads and forgets {@code count} frames, as a client that keeps up would. */
  public void skipFrames(int count, java.time.Duration within) throws IOException {
    socket.setSoTimeout(Math.toIntExact(within.toMillis()));
    java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
    for (int i = 0; i < count; i++) {
      in.readUnsignedByte();
      long length = in.readUnsignedByte() & 0x7f;
      if (length == 126) {
        length = in.readUnsignedShort();
      } else if (length == 127) {
        length = in.readLong();
      }
      in.skipNBytes(length);
    }
  }

  /**
   * Whether the server has closed its side of the TCP connection, found without reading anything: an empty masked
   * pong is written, which fails once the server's side is gone (it answers data on a closed socket with a reset).
   */
  public boolean serverHasClosed() {
    try {
      sendRaw(new byte[] {(byte) 0x8a, (byte) 0x80, 1, 2, 3, 4});
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  /**
   * Reads frames up to the next text frame and returns its text, passing over control frames.
   *
   * @throws java.io.EOFException when the connection ends first
   * @throws java.net.SocketTimeoutException when nothing arrives for {@code within}
   */
  public String nextText(java.time.Duration within) throws IOException {
    socket.setSoTimeout(Math.toIntExact(within.toMillis()));
    java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
    while (true) {
      Frame frame = readFrame(in);
      if (frame.opcode() == 0x8) {
        throw new java.io.EOFException("the server closed the connection instead");
      }
      if (frame.opcode() == 0x1) {
        return frame.text();
      }
    }
  }

  /** One unmasked frame from the server: its opcode, its payload as text, and a close frame's code (1005: none). */
  private record Frame(int opcode, String text, int closeCode) {}

  private static Frame readFrame(java.io.DataInputStream in) throws IOException {
    int first = in.readUnsignedByte();
    long length = in.readUnsignedByte() & 0x7f;
    if (length == 126) {
      length = in.readUnsignedShort();
    } else if (length == 127) {
      length = in.readLong();
    }
    byte[] payload = in.readNBytes(Math.toIntExact(length));
    int code = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
    return new Frame(first & 0x0f, new String(payload, StandardCharsets.UTF_8), code);
  }

  /** What the server sent up to its close frame: the text of each data frame, then the close code. */
  public record Received(java.util.List<String> texts, int closeCode) {}

  /**
   * Reads every frame up to the server's close frame, keeping the text of text frames (pings and the like are passed
   * over); the close code is -1 when the connection ended without one
   * (the bytes the client's kernel held are lost when the server resets the connection).
   *
   * @throws java.net.SocketTimeoutException when nothing arrives for {@code within}
   */
  public Received readUntilClose(java.time.Duration within) throws IOException {
    socket.setSoTimeout(Math.toIntExact(within.toMillis()));
    java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
    java.util.List<String> texts = new java.util.ArrayList<>();
    try {
      while (true) {
        Frame frame = readFrame(in);
        if (frame.opcode() == 0x8) {
          return new Received(java.util.List.copyOf(texts), frame.closeCode());
        }
        if (frame.opcode() == 0x1) {
          texts.add(frame.text());
        }
      }
    } catch (java.io.EOFException | java.net.SocketException e) {
      return new Received(java.util.List.copyOf(texts), -1);
    }
  }

  /** Sends a masked close frame with {@code code}, as a client answers the server's close frame. */
  public void sendClose(int code) throws IOException {
    byte[] mask = {0x12, 0x34, 0x56, 0x78};
    byte[] payload = {(byte) (code >> 8), (byte) code};
    sendRaw(
        new byte[] {
          (byte) 0x88, (byte) 0x82, mask[0], mask[1], mask[2], mask[3],
          (byte) (payload[0] ^ mask[0]), (byte) (payload[1] ^ mask[1])
        });
  }

  /**
   * Reads until the server ends the TCP connection, dropping anything that comes: true when it ends in order (the
   * server closed its side), false when it is reset.
   *
   * @throws java.net.SocketTimeoutException when the server keeps it open for {@code within}
   */
  public boolean endsInOrder(java.time.Duration within) throws IOException {
    socket.setSoTimeout(Math.toIntExact(within.toMillis()));
    InputStream in = socket.getInputStream();
    byte[] dropped = new byte[4096];
    try {
      while (in.read(dropped) >= 0) {
        // what the server still sent is of no interest here
      }
      return true;
    } catch (java.net.SocketTimeoutException e) {
      throw e;
    } catch (java.net.SocketException e) {
      return false;
    }
  }

  /** Ends the connection with a reset (RST), as a client whose network or process died does, reading nothing more. */
  public void reset() throws IOException {
    socket.setSoLinger(true, 0);
    socket.close();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed during handshake: " + head);
      }
      head.append((char) b);
    }
    return head.toString();
  }
}
