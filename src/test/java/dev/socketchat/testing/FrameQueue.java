package dev.socketchat.testing;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;

/**
 * A JDK WebSocket listener for test clients: queues every whole text frame in order (binary frames as a
 * {@code <binary N bytes>} marker) and records the close code the server sent.
 */
public final class FrameQueue implements WebSocket.Listener {
  private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
  private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
  private final CompletableFuture<String> closeReason = new CompletableFuture<>();
  private final StringBuilder partial = new StringBuilder();
  private final BiPredicate<WebSocket, String> keep;

  /** Queues every frame. */
  public FrameQueue() {
    this((socket, frame) -> true);
  }

  /** Queues the text frames {@code keep} accepts; it may answer the others itself (an Engine.IO ping, say). */
  public FrameQueue(BiPredicate<WebSocket, String> keep) {
    this.keep = keep;
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      String frame = partial.toString();
      partial.setLength(0);
      if (keep.test(webSocket, frame)) {
        frames.add(frame);
      }
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
    frames.add("<binary " + data.remaining() + " bytes>");
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closeReason.complete(reason);
    closeCode.complete(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closeCode.completeExceptionally(error);
  }

  /** The next queued frame, or null if none arrives within the time given. */
  public String poll(Duration within) {
    try {
      return frames.poll(within.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Completes with the reason of the server's close frame. */
  public CompletableFuture<String> closeReason() {
    return closeReason;
  }

  /** Completes with the close code the server sent. */
  public CompletableFuture<Integer> closed() {
    return closeCode;
  }

  /** Closes the socket with 1000 and waits for the server's close, aborting it if none comes in time. */
  public void close(WebSocket socket, Duration within) {
    close(socket, WebSocket.NORMAL_CLOSURE, within);
  }

  /** Closes the socket with {@code code} and waits for the server's close, aborting it if none comes in time. */
  public void close(WebSocket socket, int code, Duration within) {
    close(socket, code, "bye", within);
  }

  /** Closes the socket with {@code code} and {@code reason}, and waits for the server's close as above. */
  public void close(WebSocket socket, int code, String reason, Duration within) {
    if (!socket.isOutputClosed()) {
      socket.sendClose(code, reason).exceptionally(e -> null);
    }
    try {
      closeCode.get(within.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      socket.abort();
    }
  }
}
