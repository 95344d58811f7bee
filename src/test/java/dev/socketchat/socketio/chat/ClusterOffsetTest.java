package dev.socketchat.socketio.chat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Offsets across a cluster, read back as the events a client got. */
class ClusterOffsetTest {
  @Test
  void anEventsLastPacketHasTwiceItsNumberSoAClientWithItGotTheWholeEvent() {
    assertThat(ClusterOffset.lastOf(80731)).isEqualTo(161462);
    ClusterOffset back = ClusterOffset.read("161462");
    assertThat(back.through()).isEqualTo(80731);
    assertThat(back.cut()).as("nothing cut").isZero();
  }

  @Test
  void anOddOffsetIsAnEntryNoticesFirstPacketSoItsEventIsTheNextOneCutInTwo() {
    ClusterOffset back = ClusterOffset.read("161465");
    assertThat(back.through()).isEqualTo(80732);
    assertThat(back.cut()).isEqualTo(80733);
  }

  @Test
  void anythingButAStringOfDigitsIsNoOffsetTheClusterCouldHaveGiven() {
    assertThat(ClusterOffset.read(null)).isNull();
    assertThat(ClusterOffset.read("")).isNull();
    assertThat(ClusterOffset.read("-2")).isNull();
    assertThat(ClusterOffset.read("12a")).isNull();
    assertThat(ClusterOffset.read("１２")).as("digits of another script").isNull();
    assertThat(ClusterOffset.read("12345678901234567")).as("more digits than a long holds safely").isNull();
    assertThat(ClusterOffset.read("0")).as("the first packet's offset is 1").isNull();
    assertThat(ClusterOffset.read("0964")).as("the cluster writes no leading zero").isNull();
    assertThat(ClusterOffset.read("1").through()).as("an entry notice's first packet of event 1").isZero();
  }
}
