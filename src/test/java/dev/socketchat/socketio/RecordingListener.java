package dev.socketchat.socketio;

import java.util.ArrayList;
import java.util.List;

/** An {@link EngineListener} that writes down what it is told, and fails on the message {@code fail}. */
final class RecordingListener implements EngineListener {
  final List<String> calls = new ArrayList<>();

  @Override
  public synchronized void opened() {
    calls.add("opened");
  }

  @Override
  public synchronized void message(String data) {
    if (data.equals("fail")) {
      throw new IllegalStateException("a handler failed");
    }
    calls.add("message " + data);
  }

  @Override
  public synchronized void binary(byte[] data) {
    calls.add("binary " + data.length);
  }

  @Override
  public synchronized void closed(String reason) {
    calls.add("closed " + reason);
  }
}
