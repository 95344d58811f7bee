package dev.socketchat.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A minimal RFC 6455 client connection on the event loop: the HTTP upgrade, masked text frames out, text, ping and
 * close frames in (fragments reassembled), pong answered, writes queued when the socket is full. No extensions, no
 * allocation per received frame: text payloads are handed over as slices of the shared read buffer.
 */
final class WsConnection implements Connection {
  private enum State {
    CONNECTING,
    HANDSHAKING,
    OPEN,
    CLOSING,
    CLOSED
  }

  private static final byte[] HEADER_END = {'\r', '\n', '\r', '\n'};
  private static final long CLOSE_GRACE = TimeUnit.SECONDS.toNanos(5);

  private final EventLoop loop;
  private final Handler handler;
  private SocketChannel channel;
  private SelectionKey key;
  private State state = State.CONNECTING;
  private String request;
  private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
  private byte[] carry = new byte[0];
  private int carried;
  private byte[] message;
  private int messageLength;
  private boolean closeSent;
  private int closeCode = -1;
  private String closeReason = "connection lost";
  private EventLoop.Timer closeTimer;

  WsConnection(EventLoop loop, Handler handler) {
    this.loop = loop;
    this.handler = handler;
  }

  @Override
  public void connect(InetSocketAddress remote, InetAddress source, String path) {
    String nonce = Base64.getEncoder().encodeToString(randomBytes());
    request =
        "GET " + path + " HTTP/1.1\r\nHost: " + remote.getHostString() + ":" + remote.getPort()
            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + nonce
            + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
    try {
      channel = SocketChannel.open();
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      if (source != null) {
        channel.bind(new InetSocketAddress(source, 0));
      }
      boolean connected = channel.connect(remote);
      key = channel.register(loop.selector(), connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, this);
      if (connected) {
        upgrade();
      }
    } catch (IOException | RuntimeException e) {
      fail("connect: " + e);
    }
  }

  @Override
  public boolean isOpen() {
    return state == State.OPEN;
  }

  @Override
  public void sendText(byte[] bytes, int offset, int length) {
    if (state == State.OPEN) {
      sendFrame(0x1, bytes, offset, length);
    }
  }

  @Override
  public void sendText(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    sendText(bytes, 0, bytes.length);
  }

  @Override
  public void close(int code) {
    if (state == State.OPEN) {
      sendClose(code);
      state = State.CLOSING;
      closeTimer = loop.schedule(CLOSE_GRACE, () -> finish("close handshake timed out"));
    } else if (state != State.CLOSED && state != State.CLOSING) {
      finish("closed before it opened");
    }
  }

  @Override
  public void abort(String why) {
    finish(why);
  }

  void ready(SelectionKey selected) {
    try {
      if (selected.isConnectable()) {
        channel.finishConnect();
        key.interestOps(SelectionKey.OP_READ);
        upgrade();
      }
      if (selected.isValid() && selected.isWritable()) {
        flush();
      }
      if (selected.isValid() && selected.isReadable()) {
        read();
      }
    } catch (IOException | RuntimeException e) {
      fail(e.toString());
    }
  }

  private void upgrade() throws IOException {
    state = State.HANDSHAKING;
    write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
    request = null;
  }

  private void read() throws IOException {
    ByteBuffer buffer = loop.readBuffer;
    for (int reads = 0; reads < 8 && state != State.CLOSED; reads++) {
      buffer.clear();
      int count = channel.read(buffer);
      if (count < 0) {
        finish(closeReason);
        return;
      }
      if (count == 0) {
        return;
      }
      long now = System.nanoTime();
      byte[] bytes;
      int end;
      if (carried > 0) {
        ensureCarry(carried + count);
        System.arraycopy(buffer.array(), 0, carry, carried, count);
        bytes = carry;
        end = carried + count;
      } else {
        bytes = buffer.array();
        end = count;
      }
      int used = state == State.HANDSHAKING ? handshake(bytes, end) : 0;
      if (used < 0) {
        keep(bytes, 0, end);
        continue;
      }
      used = frames(bytes, used, end, now);
      keep(bytes, used, end);
      if (count < buffer.capacity()) {
        return;
      }
    }
  }

  /** Parses the HTTP response; returns where frames start, or -1 when it is not complete yet. */
  private int handshake(byte[] bytes, int end) {
    int at = indexOf(bytes, 0, end, HEADER_END);
    if (at < 0) {
      if (end > 8192) {
        fail("handshake response too long");
      }
      return -1;
    }
    String head = new String(bytes, 0, at, StandardCharsets.ISO_8859_1);
    String status = head.lines().findFirst().orElse("");
    if (!status.startsWith("HTTP/1.1 101")) {
      fail("upgrade refused: " + status);
      return end;
    }
    state = State.OPEN;
    handler.opened(this);
    return at + HEADER_END.length;
  }

  private int frames(byte[] b, int offset, int end, long now) {
    int at = offset;
    while (state != State.CLOSED && end - at >= 2) {
      int b0 = b[at] & 0xff;
      int b1 = b[at + 1] & 0xff;
      boolean fin = (b0 & 0x80) != 0;
      int opcode = b0 & 0x0f;
      boolean masked = (b1 & 0x80) != 0;
      long length = b1 & 0x7f;
      int header = 2;
      if (length == 126) {
        if (end - at < 4) {
          break;
        }
        length = ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
        header = 4;
      } else if (length == 127) {
        if (end - at < 10) {
          break;
        }
        length = 0;
        for (int i = 2; i < 10; i++) {
          length = (length << 8) | (b[at + i] & 0xff);
        }
        header = 10;
      }
      if (length > 16 * 1024 * 1024) {
        fail("frame too large: " + length);
        return end;
      }
      int maskAt = at + header;
      if (masked) {
        header += 4;
      }
      if (end - at < header + length) {
        break;
      }
      int start = at + header;
      int size = (int) length;
      if (masked) {
        for (int i = 0; i < size; i++) {
          b[start + i] ^= b[maskAt + (i & 3)];
        }
      }
      payload(opcode, fin, b, start, size, now);
      at = start + size;
    }
    return at;
  }

  private void payload(int opcode, boolean fin, byte[] b, int start, int size, long now) {
    switch (opcode) {
      case 0x1 -> {
        if (fin) {
          handler.text(this, b, start, size, now);
        } else {
          message = new byte[Math.max(1024, size * 2)];
          messageLength = 0;
          appendMessage(b, start, size);
        }
      }
      case 0x0 -> {
        if (message != null) {
          appendMessage(b, start, size);
          if (fin) {
            byte[] whole = message;
            message = null;
            handler.text(this, whole, 0, messageLength, now);
          }
        }
      }
      case 0x8 -> {
        closeCode = size >= 2 ? ((b[start] & 0xff) << 8) | (b[start + 1] & 0xff) : 1005;
        closeReason = size > 2 ? new String(b, start + 2, size - 2, StandardCharsets.UTF_8) : "";
        if (!closeSent) {
          sendClose(closeCode == 1005 ? 1000 : closeCode);
        }
        if (state != State.CLOSING) {
          state = State.CLOSING;
          closeTimer = loop.schedule(CLOSE_GRACE, () -> finish(closeReason));
        }
      }
      case 0x9 -> {
        sendFrame(0xA, b, start, size);
        handler.pinged(this);
      }
      default -> {
        // pong and binary frames carry nothing for us
      }
    }
  }

  private void appendMessage(byte[] b, int start, int size) {
    if (messageLength + size > message.length) {
      message = java.util.Arrays.copyOf(message, Math.max(message.length * 2, messageLength + size));
    }
    System.arraycopy(b, start, message, messageLength, size);
    messageLength += size;
  }

  private void sendClose(int code) {
    closeSent = true;
    byte[] body = {(byte) (code >> 8), (byte) code};
    sendFrame(0x8, body, 0, 2);
  }

  private void sendFrame(int opcode, byte[] bytes, int offset, int length) {
    int header = length < 126 ? 2 : length < 65536 ? 4 : 10;
    int total = header + 4 + length;
    if (loop.frameScratch.length < total) {
      loop.frameScratch = new byte[Math.max(total, loop.frameScratch.length * 2)];
    }
    byte[] f = loop.frameScratch;
    f[0] = (byte) (0x80 | opcode);
    if (header == 2) {
      f[1] = (byte) (0x80 | length);
    } else if (header == 4) {
      f[1] = (byte) (0x80 | 126);
      f[2] = (byte) (length >> 8);
      f[3] = (byte) length;
    } else {
      f[1] = (byte) (0x80 | 127);
      for (int i = 0; i < 8; i++) {
        f[2 + i] = (byte) (i < 4 ? 0 : (length >>> (8 * (7 - i))));
      }
    }
    int mask = ThreadLocalRandom.current().nextInt();
    f[header] = (byte) (mask >> 24);
    f[header + 1] = (byte) (mask >> 16);
    f[header + 2] = (byte) (mask >> 8);
    f[header + 3] = (byte) mask;
    int at = header + 4;
    for (int i = 0; i < length; i++) {
      f[at + i] = (byte) (bytes[offset + i] ^ f[header + (i & 3)]);
    }
    try {
      write(ByteBuffer.wrap(f, 0, total));
    } catch (IOException e) {
      fail(e.toString());
    }
  }

  /** Writes now if nothing is queued; whatever the socket does not take is copied and queued. */
  private void write(ByteBuffer frame) throws IOException {
    if (pending.isEmpty()) {
      channel.write(frame);
      if (!frame.hasRemaining()) {
        return;
      }
      key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
    }
    ByteBuffer copy = ByteBuffer.allocate(frame.remaining());
    copy.put(frame).flip();
    pending.add(copy);
  }

  private void flush() throws IOException {
    while (!pending.isEmpty()) {
      ByteBuffer head = pending.peek();
      channel.write(head);
      if (head.hasRemaining()) {
        return;
      }
      pending.poll();
    }
    key.interestOps(SelectionKey.OP_READ);
  }

  private void keep(byte[] bytes, int from, int end) {
    int left = end - from;
    if (left <= 0) {
      carried = 0;
      return;
    }
    if (bytes == carry) {
      System.arraycopy(carry, from, carry, 0, left);
    } else {
      ensureCarry(left);
      System.arraycopy(bytes, from, carry, 0, left);
    }
    carried = left;
  }

  private void ensureCarry(int size) {
    if (carry.length < size) {
      carry = java.util.Arrays.copyOf(carry, Math.max(size, Math.max(4096, carry.length * 2)));
    }
  }

  private void fail(String why) {
    closeCode = -1;
    finish(why);
  }

  private void finish(String why) {
    if (state == State.CLOSED) {
      return;
    }
    state = State.CLOSED;
    if (closeTimer != null) {
      closeTimer.cancel();
    }
    pending.clear();
    carry = new byte[0];
    carried = 0;
    try {
      if (key != null) {
        key.cancel();
      }
      if (channel != null) {
        channel.close();
      }
    } catch (IOException e) {
      // closing anyway
    }
    handler.closed(this, closeCode, why);
  }

  private static int indexOf(byte[] bytes, int from, int end, byte[] needle) {
    outer:
    for (int i = from; i <= end - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (bytes[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[16];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }
}
