package dev.socketchat.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AddressSlotsTest {
  @Test
  void anAddressGetsAsManySlotsAsTheLimitAndNoMore() {
    AddressSlots slots = new AddressSlots(2);
    assertThat(slots.take("10.0.0.1")).isNotNull();
    assertThat(slots.refuses("10.0.0.1")).isFalse();
    assertThat(slots.take("10.0.0.1")).isNotNull();
    assertThat(slots.refuses("10.0.0.1")).isTrue();
    assertThat(slots.take("10.0.0.1")).isNull();
    assertThat(slots.take("10.0.0.2")).as("another address counts apart").isNotNull();
    assertThat(slots.refused()).as("a refusal at the handshake and one of a slot").isEqualTo(2);
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
    assertThat(slots.refuses("10.0.0.1")).isFalse();
  }

  @Test
  void aLimitOfZeroOrAnUnknownAddressCountsNothing() {
    AddressSlots off = new AddressSlots(0);
    for (int i = 0; i < 100; i++) {
      assertThat(off.take("10.0.0.1")).isSameAs(AddressSlots.Slot.UNCOUNTED);
    }
    assertThat(off.refuses("10.0.0.1")).isFalse();
    AddressSlots on = new AddressSlots(1);
    assertThat(on.take(null)).isSameAs(AddressSlots.Slot.UNCOUNTED);
    assertThat(on.take(null)).isSameAs(AddressSlots.Slot.UNCOUNTED);
  }

  @Test
  void aConnectionThatEndedLeavesWhatItInheritedToTheNextFromItsAddress() {
    AtomicLong now = new AtomicLong();
    AddressSlots slots = new AddressSlots(2, Duration.ofSeconds(10), now::get);
    AddressSlots.Slot first = slots.take("10.0.0.1");
    StringBuilder spent = first.inherit(StringBuilder.class, StringBuilder::new).append("spent");
    first.release();
    now.addAndGet(Duration.ofSeconds(9).toNanos());
    assertThat(slots.count("10.0.0.1")).isZero();
    AddressSlots.Slot next = slots.take("10.0.0.1");
    assertThat(next.inherit(StringBuilder.class, StringBuilder::new)).isSameAs(spent);
    assertThat(slots.take("10.0.0.1").inherit(StringBuilder.class, StringBuilder::new))
        .as("one ended connection's leftovers go to one connection only")
        .isNotSameAs(spent);
    assertThat(slots.take("10.0.0.2")).as("the address is still limited to 2").isNotNull();
  }

  @Test
  void whatWasLeftBehindIsForgottenOnceTheKeepTimeIsOver() {
    AtomicLong now = new AtomicLong();
    AddressSlots slots = new AddressSlots(1, Duration.ofSeconds(10), now::get);
    AddressSlots.Slot first = slots.take("10.0.0.1");
    Object spent = first.inherit(Object.class, Object::new);
    first.release();
    assertThat(slots.addresses()).as("kept for the next connection").isOne();
    now.addAndGet(Duration.ofSeconds(10).toNanos());
    assertThat(slots.take("10.0.0.1").inherit(Object.class, Object::new)).isNotSameAs(spent);
  }

  @Test
  void anAddressThatLeftNothingWithinTheKeepTimeIsForgottenByTheSweep() {
    AtomicLong now = new AtomicLong();
    AddressSlots slots = new AddressSlots(1, Duration.ofSeconds(10), now::get);
    for (int i = 0; i < 1000; i++) {
      AddressSlots.Slot slot = slots.take("10.0." + (i / 250) + "." + (i % 250));
      slot.inherit(Object.class, Object::new);
      slot.release();
    }
    assertThat(slots.addresses()).isEqualTo(1000);
    now.addAndGet(Duration.ofSeconds(11).toNanos());
    for (int i = 0; i < 24; i++) {
      slots.take("10.1.0." + i).release();
    }
    assertThat(slots.addresses()).as("swept on the 1,024th slot taken").isZero();
  }

  @Test
  void whatAResumedSessionBringsIsNoLongerLeftForOthersAndItsConnectionLeavesItBehind() {
    AtomicLong now = new AtomicLong();
    AddressSlots slots = new AddressSlots(3, Duration.ofSeconds(10), now::get);
    AddressSlots.Slot other = slots.take("10.0.0.1");
    Object othersOwn = other.inherit(Object.class, Object::new);
    AddressSlots.Slot dropped = slots.take("10.0.0.1");
    Object sessions = dropped.inherit(Object.class, Object::new);
    other.release();
    dropped.release(); // its session waits to be resumed

    AddressSlots.Slot resumed = slots.take("10.0.0.1");
    assertThat(resumed.inherit(Object.class, Object::new)).as("the oldest left behind").isSameAs(othersOwn);
    resumed.adopt(sessions, othersOwn);
    AddressSlots.Slot next = slots.take("10.0.0.1");
    assertThat(next.inherit(Object.class, Object::new))
        .as("what it had instead is left behind at once; the session's is no longer")
        .isSameAs(othersOwn);
    resumed.release();
    next.release();
    assertThat(slots.take("10.0.0.1").inherit(Object.class, Object::new)).isSameAs(sessions);
  }

  @Test
  void aSlotReleasedBeforeItsConnectionInheritsTakesNothingFromTheNext() {
    AtomicLong now = new AtomicLong();
    AddressSlots slots = new AddressSlots(2, Duration.ofSeconds(10), now::get);
    AddressSlots.Slot first = slots.take("10.0.0.1");
    Object spent = first.inherit(Object.class, Object::new);
    first.release();
    AddressSlots.Slot late = slots.take("10.0.0.1");
    late.release();
    assertThat(late.inherit(Object.class, Object::new)).isNotSameAs(spent);
    assertThat(slots.take("10.0.0.1").inherit(Object.class, Object::new)).isSameAs(spent);
  }

  @Test
  void anUncountedSlotHandsOnNothing() {
    AddressSlots slots = new AddressSlots(0, Duration.ofSeconds(10), System::nanoTime);
    AddressSlots.Slot first = slots.take("10.0.0.1");
    Object spent = first.inherit(Object.class, Object::new);
    first.release();
    assertThat(slots.take("10.0.0.1").inherit(Object.class, Object::new)).isNotSameAs(spent);
    assertThat(slots.addresses()).isZero();
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
