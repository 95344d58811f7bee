package dev.socketchat.standalone;

import static dev.socketchat.testing.Requests.chat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.ChatClient;
import dev.socketchat.testing.ClusterUnderTest;
import dev.socketchat.testing.Eventually;
import dev.socketchat.testing.ServerHeap;
import dev.socketchat.testing.ServerUnderTest;
import dev.socketchat.testing.StandaloneProcess;
import dev.socketchat.testing.Status;
import jakarta.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Peers that stall an HTTP request (a polling POST that sends 2 of the 100 bytes it announced, a client that asks for
 * the Socket.IO bundle and never reads it) hold no thread the rest of the server needs: while they hang, {@code /chat}
 * round trips, {@code /status} and new WebSockets answer promptly; and the server closes the stalled connections once
 * {@code socketchat.http.io-timeout} has passed (a POST body then unfinished is answered 400, however slowly it
 * trickled). A trickling body holds no thread, not even the only one, nor does one pipelined behind another request.
 * Requests pipelined by peers that read none of the answers hold neither threads nor more than about one answer of
 * heap each while they wait to be cut off.
 */
class StalledHttpIT {
  // long enough that setting up the stalls and chatting beside them fits within it on a loaded CI machine
  private static final Duration IO_TIMEOUT = Duration.ofSeconds(6);
  private static final Map<String, String> SETTINGS =
      Map.of("socketchat.http.io-timeout", Long.toString(IO_TIMEOUT.toMillis()));
  /** Far quicker than the I/O timeout: what a chat round trip takes when nothing is starved. */
  private static final Duration PROMPTLY = Duration.ofMillis(1500);
  private static final int STALLED = 8;
  /** Enough copies of the largest file (300 KB) that the kernel's buffers cannot take them all. */
  private static final int PIPELINED_GETS = 32;
  private static final String LARGEST_FILE = "socket.io.js.map";
  /**
   * Heap the answers to requests pipelined by peers that read nothing may hold: about one answer (300 KB) each. Grizzly
   * alone queued answers up to four times a connection's send buffer, about 10 MB each on loopback.
   */
  private static final long UNREAD_ANSWERS_HEAP = 24L << 20;
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void stalledRequestsStarveNothingOnTheStandaloneRunnerAndAreCutOff() throws Exception {
    try (StandaloneProcess server = StandaloneProcess.start("standalone-stalled-http", SETTINGS)) {
      stalledRequestsStarveNothingAndAreCutOff(server);
    }
  }

  @Test
  void stalledRequestsStarveNothingInClusterModeAndAreCutOff() throws Exception {
    try (ClusterUnderTest cluster = ClusterUnderTest.start("cluster-stalled-http", 2, SETTINGS)) {
      stalledRequestsStarveNothingAndAreCutOff(cluster.node(0));
    }
  }

  @Test
  void aPostBodyThatTricklesInHoldsNoThreadEvenOnAServerWithOnlyOneAndIsAnswered400InTheEnd() throws Exception {
    Duration timeout = IO_TIMEOUT;
    Map<String, String> oneThread =
        Map.of(
            "socketchat.http.threads", "1",
            // room to wait for the thread: a POST that held it would leave /status unanswered, not refused
            "socketchat.http.queue", "8",
            "socketchat.http.io-timeout", Long.toString(timeout.toMillis()));
    try (StandaloneProcess server = StandaloneProcess.start("standalone-http-one-thread", oneThread);
        Socket trickling = stalledPost(server, pollingSession(server), "");
        Socket pipelined =
            stalledPost(server, pollingSession(server), "GET /status HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")) {
      long started = System.nanoTime();
      for (int i = 0; i < 3; i++) {
        for (Socket post : List.of(trickling, pipelined)) {
          post.getOutputStream().write('0'); // a byte now and then: no read of it ever times out
        }
        assertThat(askForStatus(server)).as("GET /status beside the trickling POSTs").isEqualTo("answered");
      }
      assertThat(Duration.ofNanos(System.nanoTime() - started)).as("all that within the timeout").isLessThan(timeout);

      trickling.setSoTimeout((int) timeout.multipliedBy(3).toMillis());
      String answer = new String(readToEnd(trickling.getInputStream()), StandardCharsets.ISO_8859_1);
      assertThat(answer).as("the POST's answer, then the end of the connection").startsWith("HTTP/1.1 400 ");
      pipelined.setSoTimeout((int) timeout.multipliedBy(3).toMillis());
      String answers = new String(readToEnd(pipelined.getInputStream()), StandardCharsets.ISO_8859_1);
      assertThat(answers).as("the GET's answer, then the POST's").startsWith("HTTP/1.1 200 ").contains("HTTP/1.1 400 ");
    }
  }

  @Test
  void answersPipelinedToPeersThatReadNothingHoldNeitherThreadsNorHeapAndThePeersAreCutOff() throws Exception {
    Map<String, String> fewThreads =
        Map.of(
            "socketchat.http.threads", "4",
            "socketchat.http.io-timeout", Long.toString(IO_TIMEOUT.toMillis()));
    try (StandaloneProcess server = StandaloneProcess.start("standalone-unread-pipelined", fewThreads)) {
      long before = ServerHeap.afterGc(server.process());
      List<Socket> gets = new ArrayList<>();
      try {
        for (int i = 0; i < STALLED; i++) { // twice as many peers as threads
          gets.add(unreadScripts(server, 0));
        }
        long most = 0;
        long cutOffBy = System.nanoTime() + IO_TIMEOUT.multipliedBy(3).toNanos();
        while (!gets.stream().allMatch(StalledHttpIT::refusesBytes)) {
          assertThat(System.nanoTime() - cutOffBy).as("peers cut off within three I/O timeouts").isNegative();
          assertThat(askForStatus(server)).as("GET /status beside the peers that read nothing").isEqualTo("answered");
          most = Math.max(most, ServerHeap.afterGc(server.process()) - before);
        }
        assertThat(most).as("heap the unread answers held at most").isLessThan(UNREAD_ANSWERS_HEAP);
      } finally {
        for (Socket socket : gets) {
          socket.close();
        }
      }
    }
  }

  private static void stalledRequestsStarveNothingAndAreCutOff(ServerUnderTest server) throws Exception {
    List<Socket> posts = new ArrayList<>();
    List<Socket> gets = new ArrayList<>();
    try {
      long stalledAt = System.nanoTime();
      for (int i = 0; i < STALLED; i++) {
        posts.add(stalledPost(server, pollingSession(server)));
        gets.add(unreadScripts(server, 4096));
      }

      try (ChatClient owner = ChatClient.connect(server).as("owner");
          ChatClient guest = ChatClient.connect(server).as("guest")) {
        int room = owner.createRoom("while-stalled");
        guest.join(room);
        owner.next(PROMPTLY);
        guest.send(chat(room, "guest", "still here"));
        assertThat(owner.next(PROMPTLY).getString("message")).isEqualTo("still here");
        assertThat(guest.next(PROMPTLY).getString("message")).isEqualTo("still here");
        long started = System.nanoTime();
        assertThat(Status.of(server).getString("status")).isEqualTo("UP");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(PROMPTLY);
        try (ChatClient late = ChatClient.connect(server).as("late")) {
          late.join(room);
        }
      }
      for (Socket post : posts) {
        assertThat(post.getInputStream().available()).as("the stalled POST is still waiting").isZero();
      }
      assertThat(Duration.ofNanos(System.nanoTime() - stalledAt))
          .as("all of that happened while the requests hung")
          .isLessThan(IO_TIMEOUT);

      for (Socket post : posts) {
        post.setSoTimeout((int) IO_TIMEOUT.multipliedBy(3).toMillis());
        String answer = new String(readToEnd(post.getInputStream()), StandardCharsets.ISO_8859_1);
        assertThat(answer).as("the POST's answer, then the end of the connection").startsWith("HTTP/1.1 400 ");
      }
      for (Socket get : gets) {
        Eventually.await(IO_TIMEOUT.multipliedBy(3), () -> refusesBytes(get), refused -> refused, "closed by server");
        get.setSoTimeout((int) IO_TIMEOUT.toMillis());
        assertThat(readToEnd(get.getInputStream()).length)
            .as("the server stopped before sending what nobody read")
            .isLessThan(PIPELINED_GETS * 300_000);
      }
    } finally {
      for (Socket socket : posts) {
        socket.close();
      }
      for (Socket socket : gets) {
        socket.close();
      }
    }
  }

  /** What becomes of a {@code GET /status}: {@code answered}, {@code closed} unanswered, or {@code unanswered}. */
  private static String askForStatus(ServerUnderTest server) {
    try (Socket socket = connect(server, 0)) {
      socket
          .getOutputStream()
          .write("GET /status HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      socket.setSoTimeout((int) PROMPTLY.toMillis());
      return socket.getInputStream().read() < 0 ? "closed" : "answered";
    } catch (SocketTimeoutException waiting) {
      return "unanswered";
    } catch (IOException reset) {
      return "closed";
    }
  }

  /** Opens a polling session and returns its sid. */
  private static String pollingSession(ServerUnderTest server) throws Exception {
    HttpResponse<String> open =
        HTTP.send(
            HttpRequest.newBuilder(polling(server, "?EIO=4&transport=polling")).timeout(PROMPTLY).build(),
            HttpResponse.BodyHandlers.ofString());
    return Json.createReader(new StringReader(open.body().substring(1))).readObject().getString("sid");
  }

  /** A POST to the session that announces 100 bytes and sends 2 of them. */
  private static Socket stalledPost(ServerUnderTest server, String sid) throws IOException {
    return stalledPost(server, sid, "");
  }

  /** A POST to the session that announces 100 bytes and sends 2 of them, pipelined behind {@code before}. */
  private static Socket stalledPost(ServerUnderTest server, String sid, String before) throws IOException {
    Socket socket = connect(server, 0);
    String target = server.socketIoPath() + "?EIO=4&transport=polling&sid=" + sid;
    socket
        .getOutputStream()
        .write(
            (before + "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: text/plain;charset=UTF-8\r\nContent-Length: 100\r\n\r\n40")
                .getBytes(StandardCharsets.ISO_8859_1));
    return socket;
  }

  /**
   * Asks for the largest file of the Socket.IO bundle many times over one connection that reads nothing, with the given
   * receive buffer (0: the system's).
   */
  private static Socket unreadScripts(ServerUnderTest server, int receiveBuffer) throws IOException {
    Socket socket = connect(server, receiveBuffer);
    String request =
        "GET " + server.socketIoPath() + LARGEST_FILE
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: identity\r\n\r\n";
    socket.getOutputStream().write(request.repeat(PIPELINED_GETS).getBytes(StandardCharsets.ISO_8859_1));
    return socket;
  }

  private static Socket connect(ServerUnderTest server, int receiveBuffer) throws IOException {
    Socket socket = new Socket();
    if (receiveBuffer > 0) {
      socket.setReceiveBufferSize(receiveBuffer);
    }
    URI base = server.base();
    socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
    return socket;
  }

  private static URI polling(ServerUnderTest server, String query) {
    return server.resolve("socket.io/" + query);
  }

  /**
   * Whether the server has closed the connection, found out without reading what it sent: a write after the server's
   * close draws a reset, and the write after that fails. Two empty lines are all a live server would get.
   */
  private static boolean refusesBytes(Socket socket) {
    try {
      socket.getOutputStream().write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return false;
    } catch (IOException closed) {
      return true;
    }
  }

  /** Everything until the server closes the connection; fails if it stays open past the socket's timeout. */
  private static byte[] readToEnd(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] chunk = new byte[65536];
    try {
      for (int read; (read = in.read(chunk)) >= 0; ) {
        all.write(chunk, 0, read);
      }
    } catch (SocketTimeoutException stillOpen) {
      throw new AssertionError("the server left the connection open after " + all.size() + " bytes", stillOpen);
    } catch (IOException reset) {
      // the server aborted the connection: what arrived before counts
    }
    return all.toByteArray();
  }
}
