package dev.socketchat.connection;

import static dev.socketchat.testing.Requests.list;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.AppServer;
import dev.socketchat.testing.ChatClient;
import dev.socketchat.testing.DeployedServer;
import dev.socketchat.testing.PingFlood;
import dev.socketchat.testing.RawWebSocket;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * On WildFly, whose Undertow keeps a connection it sent its close frame on until the client's own close comes, a
 * client that pings and never reads (its close would wait behind the pings Undertow no longer reads) has its socket
 * let go the close timeout after the server closed it as silent, not kept half-closed for as long as it stays.
 */
class WildFlyPingFloodIT {
  @RegisterExtension
  static final DeployedServer SERVER =
      DeployedServer.on(
          AppServer.WILDFLY,
          Map.of(
              "socketchat.heartbeat.interval", "1000",
              "socketchat.heartbeat.timeout", "3000",
              "socketchat.websocket.close-timeout", "2000"));

  @Test
  void aClientThatPingsAndNeverReadsHasItsSocketLetGoAfterItsCloseNotKeptHalfClosed() throws Exception {
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try (ChatClient other = ChatClient.connect(SERVER).as("other");
        RawWebSocket pinger = RawWebSocket.open(SERVER.chat(), 4096)) {
      // its writes block once Undertow stops reading it; only the server letting the socket go ends them
      CompletableFuture<Integer> flood = CompletableFuture.supplyAsync(() -> PingFlood.untilCut(pinger, 400), thread);
      // silent to the server (the container answers its pings) for the heartbeat's 3 s, closed, let go 2 s later
      assertThat(flood.get(30, TimeUnit.SECONDS)).as("batches sent before the server let the socket go").isLessThan(400);
      other.send(list());
      assertThat(other.expectOk("SERVER_ROOM_LIST")).as("the member who reads is still served").isNotNull();
    } finally {
      thread.shutdownNow();
    }
  }
}
