package dev.socketchat.testing;

import java.net.URI;
import java.time.Duration;

/** A running socketchat server that integration tests talk to, wherever it runs. */
public interface ServerUnderTest {

  /** A short name for reports ("standalone", "tomcat-11", ...). */
  String name();

  /** The HTTP address the application is served under, ending in a slash ({@code http://127.0.0.1:N/socketchat/}). */
  URI base();

  /** The heartbeat timeout the server was started with: a silent peer is gone after at most this (plus one beat). */
  Duration heartbeatTimeout();

  /** How long a dropped session waits for a resume: the deployed servers' 8 s (AppServer.TEST_SETTINGS). */
  default Duration resumeWindow() {
    return Duration.ofSeconds(8);
  }

  /**
   * Whether the server closes lingeringly (README, "Operating"): it reads and drops what a client still sends after
   * its close frame, so that client reads the close frame. In a WAR the container closes the socket right behind it,
   * and a client still sending may be reset before it reads the frame.
   */
  default boolean closesLingeringly() {
    return true;
  }

  /** The address of an endpoint or resource relative to {@link #base()}, with the scheme changed for WebSockets. */
  default URI resolve(String path) {
    return base().resolve(path);
  }

  /** Where Socket.IO clients connect: scheme, host and port only (a path there would name a namespace). */
  default URI socketIoOrigin() {
    URI base = base();
    return URI.create(base.getScheme() + "://" + base.getRawAuthority());
  }

  /** Socket.IO's {@code path} option: {@code /socket.io/} standalone, {@code /socketchat/socket.io/} in the WAR. */
  default String socketIoPath() {
    return base().getRawPath() + "socket.io/";
  }

  /** The {@code /chat} WebSocket address. */
  default URI chat() {
    URI http = resolve("chat");
    return URI.create(http.toString().replaceFirst("^http", "ws"));
  }
}
