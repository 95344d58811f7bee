package dev.socketchat.socketio;

import java.util.ArrayList;
import java.util.List;

/** A {@link Transport} that records what the session does with it: polling-like or WebSocket-like, as told. */
final class FakeTransport implements Transport {
  private final String name;
  private final boolean websocket;
  private boolean writable;
  final List<List<EnginePacket>> written = new ArrayList<>();
  final List<String> events = new ArrayList<>();
  EngineSession session;

  private FakeTransport(String name, boolean websocket, boolean writable) {
    this.name = name;
    this.websocket = websocket;
    this.writable = writable;
  }

  /** Like a WebSocket: always writable, writes go straight out, never upgraded. */
  static FakeTransport websocket() {
    return new FakeTransport("websocket", true, true);
  }

  /** Like polling with no GET waiting: writable only after {@link #waitForPackets}, once per GET. */
  static FakeTransport polling() {
    return new FakeTransport("polling", false, false);
  }

  /** A GET arrives and waits. */
  synchronized void waitForPackets() {
    writable = true;
  }

  /** Every packet written so far, in order, as on the wire. */
  synchronized List<String> wire() {
    List<String> out = new ArrayList<>();
    written.forEach(batch -> batch.forEach(packet -> out.add(packet.wire())));
    return out;
  }

  @Override
  public void bind(EngineSession owner) {
    this.session = owner;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public synchronized boolean writable() {
    return writable;
  }

  @Override
  public boolean streams() {
    return websocket;
  }

  @Override
  public synchronized boolean write(List<EnginePacket> packets) {
    if (!writable) {
      return false;
    }
    written.add(List.copyOf(packets));
    if (!websocket) {
      writable = false; // the GET is answered
    }
    return true;
  }

  @Override
  public synchronized void close(EnginePacket last, String reason) {
    events.add("close " + (last == null ? "-" : last.wire()) + " " + reason);
  }

  @Override
  public boolean upgradable() {
    return !websocket;
  }

  @Override
  public synchronized void probed() {
    events.add("probed");
  }

  @Override
  public synchronized void activate() {
    events.add("activated");
  }

  @Override
  public synchronized void replaced() {
    events.add("replaced");
  }

  @Override
  public synchronized void closedByClient() {
    events.add("closed by client");
  }
}
