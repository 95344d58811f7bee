package dev.socketchat.socketio;

import dev.socketchat.config.Settings;
import java.util.ArrayList;
import java.util.List;

/** An {@link EngineSessions} on a manual clock whose deferred work runs when a test says, and sessions on fakes. */
final class EngineFixture {
  final ManualClock clock = new ManualClock();
  final List<Runnable> deferred = new ArrayList<>();
  final EngineSessions engine = new EngineSessions(Settings.defaults(), new SocketIoNamespaces());
  final RecordingListener listener = new RecordingListener();

  EngineFixture() {
    engine.start(clock, deferred::add);
  }

  /** A started session carried by the given transport. */
  EngineSession open(FakeTransport transport) {
    EngineSession session = new EngineSession("sid1", Handshake.parse("EIO=4&transport=" + transport.name()), transport,
        engine);
    transport.bind(session);
    session.start(listener);
    return session;
  }

  /** Runs the work deferred so far (and what it defers). */
  void runDeferred() {
    while (!deferred.isEmpty()) {
      deferred.remove(0).run();
    }
  }
}
