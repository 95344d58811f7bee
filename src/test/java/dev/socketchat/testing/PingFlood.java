package dev.socketchat.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** A client that sends pings and never reads the pongs: batches of 1,000 pings of 125 bytes, each masked. */
public final class PingFlood {
  private static final byte[] BATCH = batch();

  private PingFlood() {}

  /**
   * Sends batches of pings over the socket, reading nothing, until the server cuts the connection or {@code most}
   * batches went out: how many did. A write blocks while the server reads nothing, until the server lets go.
   */
  public static int untilCut(RawWebSocket pinger, int most) {
    int batches = 0;
    try {
      while (batches < most) {
        pinger.sendRaw(BATCH);
        batches++;
      }
      return batches;
    } catch (IOException cutByTheServer) {
      return batches;
    }
  }

  private static byte[] batch() {
    ByteArrayOutputStream batch = new ByteArrayOutputStream();
    for (int i = 0; i < 1000; i++) {
      batch.write(0x89); // a ping the server must answer with a pong of the same 125 bytes
      batch.write(0x80 | 125);
      batch.writeBytes(new byte[] {1, 2, 3, 4});
      batch.writeBytes(new byte[125]);
    }
    return batch.toByteArray();
  }
}
