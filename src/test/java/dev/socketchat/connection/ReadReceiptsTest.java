package dev.socketchat.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class ReadReceiptsTest {
  @Test
  void aPingIsDueOnceAnEighthOfTheLimitWasHandedOverSinceTheLastOne() {
    ReadReceipts receipts = new ReadReceipts(100);
    assertThat(receipts.handed(60)).isFalse();
    assertThat(receipts.handed(40)).isTrue();
    receipts.ping();
    assertThat(receipts.handed(99)).isFalse();
  }

  @Test
  void thePongThatEchoesAPingVouchesForWhatWasHandedOverBeforeIt() {
    ReadReceipts receipts = new ReadReceipts(100);
    receipts.handed(150);
    ByteBuffer ping = receipts.ping();
    receipts.handed(70);
    assertThat(receipts.unread()).isEqualTo(220);
    assertThat(receipts.pong(ping.duplicate())).isEqualTo(150);
    assertThat(receipts.pong(ping.duplicate())).as("the same pong again").isZero();
    assertThat(receipts.unread()).as("what came after the ping").isEqualTo(70);
  }

  @Test
  void aPongThatEchoesNoneOfOurPingsVouchesForNothing() {
    ReadReceipts receipts = new ReadReceipts(100);
    receipts.handed(50);
    receipts.ping();
    assertThat(receipts.pong(ByteBuffer.allocate(0))).isZero();
    for (long madeUp : new long[] {Long.MAX_VALUE, 50, 1, -1, 0}) {
      assertThat(receipts.pong(ByteBuffer.allocate(Long.BYTES).putLong(0, madeUp)))
          .as("a pong the client made up, without reading the ping: " + madeUp)
          .isZero();
    }
    assertThat(receipts.unread()).isEqualTo(50);
  }
}
