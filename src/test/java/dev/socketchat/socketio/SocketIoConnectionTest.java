package dev.socketchat.socketio;

import dev.socketchat.connection.AddressSlots;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.config.Settings;
import dev.socketchat.domain.Reason;
import dev.socketchat.domain.Refusal;
import dev.socketchat.metrics.CloseCause;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a Socket.IO connection answers the CONNECTs of a client that is refused again and again. */
class SocketIoConnectionTest {
  private static final int REFUSALS_TO_CLOSE = Settings.defaults().limits().refusalsToClose();

  private final EngineFixture fixture = new EngineFixture();
  private final SocketIoNamespaces namespaces = new SocketIoNamespaces();
  private final FakeTransport transport = FakeTransport.websocket();
  private final EngineSession session =
      new EngineSession("sid1", Handshake.parse("EIO=4&transport=websocket"), transport, fixture.engine);
  private boolean admits;

  SocketIoConnectionTest() {
    namespaces.register(
        "/",
        socket -> {
          if (!admits) {
            throw new Refusal(Reason.BAD_TOKEN, "the token was refused");
          }
          return new SocketListener() {
            @Override
            public void event(SocketEvent event) {
              // nothing to answer
            }

            @Override
            public void disconnected(String reason) {
              // nothing to free
            }
          };
        });
    transport.bind(session);
    session.start(new SocketIoConnection(session, namespaces, fixture.engine, AddressSlots.Slot.UNCOUNTED));
  }

  private void connect(int times) {
    for (int i = 0; i < times; i++) {
      session.receive(EnginePacket.message("0{\"token\":\"x.y.z\"}"));
    }
  }

  private List<String> closes() {
    return transport.events.stream().filter(event -> event.startsWith("close")).toList();
  }

  @Test
  void aClientWhoseConnectsAreRefusedTooOftenInARowIsClosedForFlooding() {
    connect(REFUSALS_TO_CLOSE - 1);
    assertThat(closes()).isEmpty();
    connect(1);
    assertThat(closes()).containsExactly("close 1 " + SocketIoConnection.FLOODING);
    assertThat(EngineCloses.cause(SocketIoConnection.FLOODING)).isEqualTo(CloseCause.RATE_LIMIT);
  }

  @Test
  void anAcceptedConnectStartsTheCountAfresh() {
    connect(REFUSALS_TO_CLOSE - 1);
    admits = true;
    connect(1);
    session.receive(EnginePacket.message("1"));
    admits = false;
    connect(REFUSALS_TO_CLOSE - 1);
    assertThat(closes()).isEmpty();
  }
}
