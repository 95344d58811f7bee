package dev.socketchat.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AddressSlotsTest {
  @Test
  void anAddressGetsAsManySlotsAsTheLimitAndNoMore() {
    AddressSlots slots = new AddressSlots(2);
    assertThat(slots.take("10.0.0.1")).isNotNull();
    assertThat(slots.isFull("10.0.0.1")).isFalse();
    assertThat(slots.take("10.0.0.1")).isNotNull();
    assertThat(slots.isFull("10.0.0.1")).isTrue();
    assertThat(slots.take("10.0.0.1")).isNull();
    assertThat(slots.take("10.0.0.2")).as("another address counts apart").isNotNull();
  }

  @Test
  void releasingASlotFreesItOnceOnly() {
    AddressSlots slots = new AddressSlots(2);
    AddressSlots.Slot first = slots.take("10.0.0.1");
    slots.take("10.0.0.1");
    first.release();
    first.release();
    assertThat(slots.count("10.0.0.1")).isEqualTo(1);
    assertThat(slots.take("10.0.0.1")).isNotNull();
    assertThat(slots.take("10.0.0.1")).isNull();
  }

  @Test
  void anAddressWithNoConnectionsLeftIsForgotten() {
    AddressSlots slots = new AddressSlots(1);
    slots.take("10.0.0.1").release();
    assertThat(slots.count("10.0.0.1")).isZero();
    assertThat(slots.isFull("10.0.0.1")).isFalse();
  }

  @Test
  void aLimitOfZeroOrAnUnknownAddressCountsNothing() {
    AddressSlots off = new AddressSlots(0);
    for (int i = 0; i < 100; i++) {
      assertThat(off.take("10.0.0.1")).isSameAs(AddressSlots.Slot.UNCOUNTED);
    }
    assertThat(off.isFull("10.0.0.1")).isFalse();
    AddressSlots on = new AddressSlots(1);
    assertThat(on.take(null)).isSameAs(AddressSlots.Slot.UNCOUNTED);
    assertThat(on.take(null)).isSameAs(AddressSlots.Slot.UNCOUNTED);
  }

  @Test
  void aNegativeLimitIsRefusedWithTheSettingsName() {
    assertThatThrownBy(() -> new AddressSlots(-1)).hasMessageContaining("connections-per-address");
  }

  @Test
  void onlyNewWebSocketConnectionsAreCountedAtTheHandshake() {
    assertThat(ConnectionsPerAddressFilter.opensWebSocket("/chat", "websocket", null)).isTrue();
    assertThat(ConnectionsPerAddressFilter.opensWebSocket("/socket.io/", "WebSocket", "EIO=4&transport=websocket"))
        .isTrue();
    String upgradeOfAPollingSession = "EIO=4&sid=x&transport=websocket";
    assertThat(ConnectionsPerAddressFilter.opensWebSocket("/socket.io/", "websocket", upgradeOfAPollingSession))
        .as("an upgrade of a polling session already counted")
        .isFalse();
    assertThat(ConnectionsPerAddressFilter.opensWebSocket("/socket.io/", null, "EIO=4&transport=polling")).isFalse();
    assertThat(ConnectionsPerAddressFilter.opensWebSocket("/status", "websocket", null)).isFalse();
  }

  @Test
  void anEndpointsPathIsCountedHoweverItIsSpelled() {
    for (String chat : new String[] {"/chat;x=1", "/%63hat", "/ch%61t;a;b", "//chat", "/./chat", "/x/%2e%2e/chat"}) {
      assertThat(ConnectionsPerAddressFilter.opensWebSocket(chat, "websocket", null)).as(chat).isTrue();
    }
    for (String socketIo : new String[] {"/socket.io;a/", "/%73ocket.io/", "/socket%2Eio/", "//socket.io//"}) {
      assertThat(ConnectionsPerAddressFilter.opensWebSocket(socketIo, "websocket", "EIO=4&transport=websocket"))
          .as(socketIo)
          .isTrue();
    }
    assertThat(ConnectionsPerAddressFilter.opensWebSocket("/%63hat2", "websocket", null)).isFalse();
  }
}
