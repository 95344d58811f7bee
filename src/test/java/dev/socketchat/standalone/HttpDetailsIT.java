package dev.socketchat.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.Handshakes;
import dev.socketchat.testing.RawHttp;
import dev.socketchat.testing.StandaloneProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The standalone runner's answers to odd but possible HTTP requests, sent byte for byte over a plain socket. */
class HttpDetailsIT {
  private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
  private static StandaloneProcess server;

  @BeforeAll
  static void start() {
    server = StandaloneProcess.start("http-details", Map.of());
  }

  @AfterAll
  static void stop() throws InterruptedException {
    server.close();
  }

  @Test
  void aRequestAskingForHttp2IsAnsweredAsPlainHttp11WithItsContentTypeAndLength() throws Exception {
    // the JDK's client asks an http:// address for an upgrade to h2c, and so does curl --http2
    java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
    for (String path : new String[] {"socket.io/socket.io.js", "status"}) {
      java.net.http.HttpResponse<byte[]> response =
          client.send(
              java.net.http.HttpRequest.newBuilder(server.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
              java.net.http.HttpResponse.BodyHandlers.ofByteArray());
      assertThat(response.version()).as(path).isEqualTo(java.net.http.HttpClient.Version.HTTP_1_1);
      assertThat(response.statusCode()).as(path).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).as(path).isPresent();
      assertThat(
              response.headers().firstValue("Content-Length").isPresent()
                  || response.headers().firstValue("Transfer-Encoding").isPresent())
          .as("%s says how long its body is: %s", path, response.headers().map())
          .isTrue();
    }
  }

  @Test
  void aSocketIoPollingPostAskingForHttp2IsTakenAsPlainHttp11() throws Exception {
    java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient(); // asks for h2c, bodies too
    String open =
        client
            .send(
                java.net.http.HttpRequest.newBuilder(
                        server.resolve("socket.io/?EIO=4&transport=polling&name=h2c&room=upgrades"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString())
            .body();
    String sid = open.replaceFirst("(?s).*\"sid\":\"([^\"]+)\".*", "$1");
    java.net.URI session = server.resolve("socket.io/?EIO=4&transport=polling&sid=" + sid);
    java.net.http.HttpResponse<String> posted =
        client.send(
            java.net.http.HttpRequest.newBuilder(session)
                .timeout(Duration.ofSeconds(10))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("40"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
    assertThat(posted.body()).isEqualTo("ok");
    String polled =
        client
            .send(
                java.net.http.HttpRequest.newBuilder(session).timeout(Duration.ofSeconds(10)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(polled).as("the namespace's connect answered").startsWith("40{");
  }

  @Test
  void aHandshakeWithoutAKeyIsABadRequest() throws IOException {
    assertThat(send("GET", "/chat", "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 13").status())
        .isEqualTo(400);
    assertThat(
            send(
                    "GET",
                    "/socket.io/?EIO=4&transport=websocket",
                    "Upgrade: websocket",
                    "Connection: Upgrade",
                    "Sec-WebSocket-Version: 13")
                .status())
        .isEqualTo(400);
  }

  @Test
  void aHandshakeWithoutConnectionUpgradeIsABadRequest() throws IOException {
    Response response =
        send("GET", "/chat", "Upgrade: websocket", "Sec-WebSocket-Key: " + KEY, "Sec-WebSocket-Version: 13");
    assertThat(response.status()).isEqualTo(400);
  }

  @Test
  void aKeyThatIsNotSixteenBytesInBase64IsABadRequest() throws IOException {
    for (String key : new String[] {"abc", "AAAAAAAAAAAAAAAAAAAAAAAAAAAA", "not base64 at all!!!!!=="}) {
      Response response =
          send("GET", "/chat", "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Key: " + key,
              "Sec-WebSocket-Version: 13");
      assertThat(response.status()).as(key).isEqualTo(400);
    }
  }

  @Test
  void aHandshakeWithTwoKeysIsABadRequest() throws IOException {
    // Tyrus upgraded it with the first key
    String answer =
        exchange("GET /chat HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n\r\n");
    assertThat(answer).startsWith("HTTP/1.1 400 ").contains("Connection: close");
  }

  @Test
  void aHandshakeOfHttp10IsABadRequest() throws IOException {
    // Tyrus answered 500 and kept the connection
    String answer =
        exchange("GET /chat HTTP/1.0\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + KEY
            + "\r\nSec-WebSocket-Version: 13\r\n\r\n");
    assertThat(answer).startsWith("HTTP/1.1 400 ").contains("Connection: close");
  }

  @Test
  void aHandshakeWhoseQueryHasABrokenEscapeIsABadRequest() throws IOException {
    for (String target : new String[] {"/chat?x=%G1", "/chat?x=%", "/socket.io/?EIO=4&transport=websocket&x=%4"}) {
      // Tyrus answered 101, then threw (logged as a WARNING with its stack) and dropped the connection
      String answer =
          exchange("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              + "Sec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n\r\n");
      assertThat(answer).as(target).startsWith("HTTP/1.1 400 ").contains("Connection: close");
    }
  }

  @Test
  void aHandshakeOfAnotherWebSocketVersionIsAnswered426WithTheVersionServed() throws IOException {
    for (String version : new String[] {"8", "14", "13, 8"}) {
      // Tyrus answered "426 CUSTOM" and kept the connection
      String answer =
          exchange("GET /chat HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              + "Sec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: " + version + "\r\n\r\n");
      assertThat(answer)
          .as(version)
          .startsWith("HTTP/1.1 426 Upgrade Required\r\n")
          .contains("Sec-WebSocket-Version: 13\r\n")
          .contains("Connection: close");
    }
  }

  @Test
  void aVersionListInTwoHeadersIsAnswered426AsInOne() throws IOException {
    for (String second : new String[] {"8", "13"}) {
      // Tyrus answered "13" and another "Sec-WebSocket-Version" header 426 itself, and the connection stayed silent
      String answer =
          exchange("GET /chat HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              + "Sec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Version: " + second
              + "\r\n\r\n");
      assertThat(answer)
          .as("13, then " + second)
          .startsWith("HTTP/1.1 426 Upgrade Required\r\n")
          .contains("Sec-WebSocket-Version: 13\r\n")
          .contains("Connection: close");
    }
  }

  @Test
  void connectionUpgradeMayComeInASecondConnectionHeader() throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      socket.setSoTimeout(10_000);
      write(socket, "GET", "/chat", "Upgrade: websocket", "Connection: keep-alive", "Connection: Upgrade",
          "Sec-WebSocket-Key: " + KEY, "Sec-WebSocket-Version: 13");
      assertThat(readHead(socket.getInputStream())).startsWith("HTTP/1.1 101");
    }
  }

  @Test
  void aWellFormedHandshakeIsStillAccepted() throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      socket.setSoTimeout(10_000);
      write(socket, "GET", "/chat", "Upgrade: websocket", "Connection: keep-alive, Upgrade",
          "Sec-WebSocket-Key: " + KEY, "Sec-WebSocket-Version: 13");
      assertThat(readHead(socket.getInputStream())).startsWith("HTTP/1.1 101");
    }
  }

  @Test
  void aFrameSentInTheSameWriteAsTheHandshakeIsAnsweredAfterThe101() throws IOException {
    byte[] list = "{\"type\":\"CLIENT_ROOM_LIST\",\"requestId\":\"early\"}".getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream both = new ByteArrayOutputStream();
    both.writeBytes(Handshakes.chatUpgradeRequest());
    both.write(0x81); // a whole text frame, masked with a zero key
    both.write(0x80 | list.length);
    both.writeBytes(new byte[4]);
    both.writeBytes(list);
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(both.toByteArray());
      InputStream in = socket.getInputStream();
      assertThat(readHead(in)).startsWith("HTTP/1.1 101");
      int opcode;
      byte[] payload;
      do { // the heartbeat's ping may come first
        opcode = in.read();
        payload = in.readNBytes(in.read()); // the server's frames here are short and unmasked
      } while (opcode == 0x89);
      assertThat(opcode).as("a text frame").isEqualTo(0x81);
      assertThat(new String(payload, StandardCharsets.UTF_8))
          .contains("\"type\":\"SERVER_ROOM_LIST\"")
          .contains("\"requestId\":\"early\"");
    }
  }

  @Test
  void pathsWithAnEncodedSlashNulOrDotSegmentsAreBadRequests() throws IOException {
    assertThat(send("GET", "/..%2f..").status()).isEqualTo(400);
    assertThat(send("GET", "/index.html%00.js").status()).isEqualTo(400);
    assertThat(send("GET", "/socket.io/..%2F..%2Fstatus").status()).isEqualTo(400);
    assertThat(send("GET", "/%c0%ae%c0%ae/").status()).isEqualTo(400);
    assertThat(send("GET", "/%2e%2e/pom.xml").status()).isEqualTo(400);
  }

  @Test
  void bytesThatCannotStartAnHttpRequestAreABadRequestAtOnceNotAWaitForMore() throws IOException {
    for (String start : new String[] {"GET /\r\n", "FOO\r\n\r\n", "\u0016\u0003\u0001\u0002\u0000"}) {
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
        socket.setSoTimeout(5_000); // well within the idle timeout the codec waited for before
        socket.getOutputStream().write(start.getBytes(StandardCharsets.ISO_8859_1));
        String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertThat(answer).as(start).startsWith("HTTP/1.1 400 ").contains("Connection: close");
      }
    }
  }

  @Test
  void aBadRequestLineAfterAGoodRequestOnTheSameConnectionIsABadRequestToo() throws IOException {
    try (RawHttp http = RawHttp.connect(server, Duration.ofSeconds(5))) {
      assertThat(http.send(RawHttp.request("GET", "/status", null)).next().status()).isEqualTo(200);
      assertThat(http.send("NOT HTTP AT ALL\r\n\r\n").next().status()).isEqualTo(400);
      assertThat(http.closedByServer()).isTrue();
    }
  }

  @Test
  void theNotFoundPageNamesNoServerNorVersion() throws IOException {
    Response response = send("GET", "/no-such-file");
    assertThat(response.status()).isEqualTo(404);
    assertThat(response.body().toLowerCase(Locale.ROOT)).contains("404").doesNotContain("grizzly");
    assertThat(response.headers()).doesNotContainKey("server");
    assertThat(send("GET", "/status").headers().get("server")).isEqualTo("socketchat");
  }

  @Test
  void theHealthProbesSayLiveAndReady() throws IOException {
    for (String probe : new String[] {"/health/live", "/health/ready"}) {
      Response response = send("GET", probe);
      assertThat(response.status()).as(probe).isEqualTo(200);
      assertThat(response.headers().get("cache-control")).as(probe).isEqualTo("no-store");
      assertThat(response.body()).as(probe).isEqualTo("{\"status\":\"UP\"}");
    }
  }

  @Test
  void headAnswersLikeGetWithoutABody() throws IOException {
    for (String path : new String[] {"/", "/app.js", "/socket.io/socket.io.min.js"}) {
      Response get = send("GET", path);
      Response head = send("HEAD", path);
      assertThat(head.status()).as(path).isEqualTo(200);
      assertThat(head.body()).as(path).isEmpty();
      assertThat(head.headers().get("content-length")).as(path).isEqualTo(get.headers().get("content-length"));
      assertThat(head.headers().get("etag")).as(path).isEqualTo(get.headers().get("etag"));
    }
  }

  @Test
  void methodsAPathDoesNotServeAreRefusedAlikeOnEveryPath() throws IOException {
    for (String path : new String[] {"/", "/index.html", "/status", "/health/live", "/socket.io/socket.io.js", "/no"}) {
      Response options = send("OPTIONS", path);
      assertThat(options.status()).as("OPTIONS " + path).isEqualTo(204);
      assertThat(options.headers().get("allow")).as("OPTIONS " + path).isEqualTo("GET, HEAD, OPTIONS");
      Response post = send("POST", path, "Content-Length: 0");
      assertThat(post.status()).as("POST " + path).isEqualTo(405);
      assertThat(post.headers().get("allow")).as("POST " + path).isEqualTo("GET, HEAD, OPTIONS");
      for (String method : new String[] {"PUT", "DELETE", "PATCH", "TRACE", "CONNECT", "BREW"}) {
        Response refused = send(method, path);
        assertThat(refused.status()).as(method + " " + path).isEqualTo(501);
        assertThat(refused.body()).as(method + " " + path).isEmpty();
      }
    }
    assertThat(send("TRACE", "/socket.io/?EIO=4&transport=polling").status()).isEqualTo(501);
    for (String method : new String[] {"PUT", "DELETE", "PATCH"}) {
      // as the reference server and the official compliance suite have it
      Response refused = send(method, "/socket.io/?EIO=4&transport=polling");
      assertThat(refused.status()).as(method).isEqualTo(400);
      assertThat(refused.body()).as(method).contains("\"code\":2").contains("Bad handshake method");
    }
    assertThat(send("OPTIONS", "*").status()).isEqualTo(204);
    assertThat(send("CONNECT", "127.0.0.1:443").status()).as("a proxy's CONNECT").isEqualTo(400);
    assertThat(send("HEAD", "/status").status()).isEqualTo(200);
  }

  @Test
  void gzipIsSentOnlyWhenAcceptedWithAQualityAboveZero() throws IOException {
    for (String path : new String[] {"/app.js", "/socket.io/socket.io.min.js"}) {
      assertThat(send("GET", path, "Accept-Encoding: gzip").headers())
          .as(path)
          .containsEntry("content-encoding", "gzip");
      assertThat(send("GET", path, "Accept-Encoding: gzip;q=0").headers())
          .as(path)
          .doesNotContainKey("content-encoding");
      assertThat(send("GET", path, "Accept-Encoding: gzip;q=0.5, identity").headers())
          .as(path)
          .doesNotContainKey("content-encoding");
      assertThat(send("GET", path, "Accept-Encoding: br, *;q=0").status()).as(path).isEqualTo(406);
    }
  }

  @Test
  void weakAndListedEntityTagsAreNotModified() throws IOException {
    for (String path : new String[] {"/", "/app.js", "/socket.io/socket.io.min.js"}) {
      String etag = send("GET", path).headers().get("etag");
      assertThat(etag).as(path).startsWith("\"");
      assertThat(send("GET", path, "If-None-Match: " + etag).status()).as(path).isEqualTo(304);
      assertThat(send("GET", path, "If-None-Match: W/" + etag).status()).as(path).isEqualTo(304);
      assertThat(send("GET", path, "If-None-Match: \"other\", " + etag).status()).as(path).isEqualTo(304);
      assertThat(send("GET", path, "If-None-Match: *").status()).as(path).isEqualTo(304);
      assertThat(send("GET", path, "If-None-Match: \"other\"").status()).as(path).isEqualTo(200);
    }
  }

  @Test
  void aPostThatExpectsContinueGetsTheGoAheadBeforeItSendsItsBody() throws IOException {
    String sid = send("GET", "/socket.io/?EIO=4&transport=polling").body().replaceAll(".*\"sid\":\"([^\"]+)\".*", "$1");
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      socket.setSoTimeout(10_000);
      String body = "6\u001e6";
      write(
          socket,
          "POST",
          "/socket.io/?EIO=4&transport=polling&sid=" + sid,
          "Content-Type: text/plain;charset=UTF-8",
          "Content-Length: " + body.length(),
          "Expect: 100-continue",
          "Connection: close");
      InputStream in = socket.getInputStream();
      assertThat(readHead(in)).as("before the body").startsWith("HTTP/1.1 100 ");
      socket.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
      String head = readHead(in);
      while (head.startsWith("HTTP/1.1 100 ")) {
        head = readHead(in); // any number of interim answers may come before the final one (RFC 9110, 15.2)
      }
      Response answer = Response.of(head, new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.body()).isEqualTo("ok");
    }
  }

  /** Sends the bytes of a request and reads all the server answers until it closes the connection. */
  private static String exchange(String request) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  /** One request on its own connection, closed by the server after the answer. */
  private static Response send(String method, String target, String... headers) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      socket.setSoTimeout(10_000);
      String[] all = new String[headers.length + 1];
      System.arraycopy(headers, 0, all, 0, headers.length);
      all[headers.length] = "Connection: close";
      boolean upgrade = String.join("\n", headers).contains("Upgrade: websocket");
      write(socket, method, target, upgrade ? headers : all);
      InputStream in = socket.getInputStream();
      String head = readHead(in);
      return Response.of(head, new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
    }
  }

  private static void write(Socket socket, String method, String target, String... headers) throws IOException {
    StringBuilder request = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    for (String header : headers) {
      request.append(header).append("\r\n");
    }
    socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
      matched = (b == '\r' || b == '\n') && "\r\n\r\n".charAt(matched) == b ? matched + 1 : 0;
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  /** A status, headers by lower-case name, and the body as read until the server closed. */
  private record Response(int status, Map<String, String> headers, String body) {
    static Response of(String head, String body) {
      String[] lines = head.split("\r\n", -1);
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0) {
          String name = lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT);
          headers.put(name, lines[i].substring(colon + 1).strip());
        }
      }
      return new Response(Integer.parseInt(lines[0].split(" ", -1)[1]), headers, body);
    }
  }
}
