package dev.socketchat.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.socketchat.testing.AppServer;
import dev.socketchat.testing.ServerSelection;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link ContainerCloses}' reliance on Undertow's message ids, checked against the Undertow of the WildFly the WAR is
 * deployed to, so that an upgrade that renumbers them fails here rather than quietly counting WildFly's closes for a
 * broken frame as a network's doing (and suspending the sessions they end); and on the accessors through which it
 * learns whose close frame came first.
 */
class UndertowInternalsIT {
  private static final String MESSAGES = "io.undertow.websockets.core.WebSocketMessages";
  private static final String SESSION = "io.undertow.websockets.jsr.UndertowSession";
  /** Undertow's messages for frames that break RFC 6455, with an argument where the message takes one. */
  private static final Map<String, Object> PROTOCOL_ERRORS =
      Map.ofEntries(
          Map.entry("fragmentedControlFrame", List.of()),
          Map.entry("toBigControlFrame", List.of()),
          Map.entry("reservedOpCodeInControlFrame", List.of(11)),
          Map.entry("controlFrameWithPayloadLen1", List.of()),
          Map.entry("reservedOpCodeInDataFrame", List.of(3)),
          Map.entry("continuationFrameOutsideFragmented", List.of()),
          Map.entry("nonContinuationFrameInsideFragmented", List.of()),
          Map.entry("extensionsNotAllowed", List.of(4)),
          Map.entry("invalidCloseFrameStatusCode", List.of(1005)),
          Map.entry("frameNotMasked", List.of()));

  @Test
  void undertowStillClosesForTextThatIsNotUtf8WithTheMessageIdContainerClosesTakesFor1007() throws Exception {
    try (URLClassLoader undertow = undertow()) {
      Throwable failure = failure(undertow, "invalidTextFrameEncoding", List.of());
      // Undertow closes with 1007 for an UnsupportedEncodingException (WebSocketChannel.handleBrokenSourceChannel)
      assertThat(failure).isInstanceOf(java.io.UnsupportedEncodingException.class);
      assertThat(failure.getMessage()).startsWith(ContainerCloses.UNDERTOW_NOT_UTF8 + ":");
    }
  }

  @Test
  void undertowStillClosesForFramesThatBreakTheProtocolWithTheMessageIdsContainerClosesTakesFor1002()
      throws Exception {
    try (URLClassLoader undertow = undertow()) {
      Set<String> ids = new LinkedHashSet<>();
      for (Map.Entry<String, Object> message : PROTOCOL_ERRORS.entrySet()) {
        Throwable failure = failure(undertow, message.getKey(), (List<?>) message.getValue());
        // Undertow closes with 1002 for these two kinds of failure (WebSocketChannel.handleBrokenSourceChannel)
        assertThat(failure.getClass().getSimpleName())
            .as(message.getKey())
            .isIn("WebSocketFrameCorruptedException", "WebSocketInvalidCloseCodeException");
        ids.add(failure.getMessage().substring(0, failure.getMessage().indexOf(':')));
      }
      assertThat(ids).containsExactlyInAnyOrderElementsOf(ContainerCloses.UNDERTOW_PROTOCOL_ERRORS);
    }
  }

  @Test
  void undertowsOwnCloseForAPeerThatWentAwayIsNoneOfThem() throws Exception {
    try (URLClassLoader undertow = undertow()) {
      Class<?> messages = Class.forName(MESSAGES, true, undertow);
      Object bundle = messages.getField("MESSAGES").get(null);
      String wentAway = (String) messages.getMethod("messageCloseWebSocket").invoke(bundle);
      jakarta.websocket.CloseReason reported =
          new jakarta.websocket.CloseReason(jakarta.websocket.CloseReason.CloseCodes.CLOSED_ABNORMALLY, wentAway);
      assertThat(ContainerCloses.asSent(reported)).isSameAs(reported);
    }
  }

  @Test
  void undertowsSessionStillSaysWhetherItsClientsCloseFrameCameFirst() throws Exception {
    try (URLClassLoader wildFly = everyModule()) {
      Class<?> session = Class.forName(SESSION, false, wildFly);
      Method channel = session.getMethod(ContainerCloses.UNDERTOW_CHANNEL);
      Method peerClosedFirst = channel.getReturnType().getMethod(ContainerCloses.UNDERTOW_PEER_CLOSED_FIRST);
      assertThat(peerClosedFirst.getReturnType()).isEqualTo(boolean.class);
    }
  }

  private static Throwable failure(ClassLoader undertow, String name, List<?> arguments) throws Exception {
    Class<?> messages = Class.forName(MESSAGES, true, undertow);
    Method method =
        Stream.of(messages.getMethods())
            .filter(m -> m.getName().equals(name) && m.getParameterCount() == arguments.size())
            .findFirst()
            .orElseThrow(() -> new AssertionError("Undertow's " + MESSAGES + " has no " + name + " any more"));
    return (Throwable) method.invoke(messages.getField("MESSAGES").get(null), arguments.toArray());
  }

  /** Undertow's core and the logging its messages come through, from the WildFly the tests deploy to. */
  private static URLClassLoader undertow() throws IOException {
    assumeTrue(ServerSelection.current().includes(AppServer.WILDFLY), "WildFly is not among -Dservers");
    Path modules = AppServer.WILDFLY.home().resolve("modules");
    return new URLClassLoader(
        new URL[] {jar(modules, "undertow-core-"), jar(modules, "jboss-logging-")},
        ClassLoader.getPlatformClassLoader());
  }

  /** Every jar of the WildFly the tests deploy to, so that Undertow's session's methods resolve their types. */
  private static URLClassLoader everyModule() throws IOException {
    assumeTrue(ServerSelection.current().includes(AppServer.WILDFLY), "WildFly is not among -Dservers");
    try (Stream<Path> files = Files.walk(AppServer.WILDFLY.home().resolve("modules"))) {
      List<URL> jars = new ArrayList<>();
      for (Path jar : files.filter(file -> file.getFileName().toString().endsWith(".jar")).toList()) {
        jars.add(jar.toUri().toURL());
      }
      return new URLClassLoader(jars.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }
  }

  private static URL jar(Path modules, String prefix) throws IOException {
    try (Stream<Path> files = Files.walk(modules)) {
      Path jar =
          files
              .filter(file -> file.getFileName().toString().startsWith(prefix))
              .filter(file -> file.getFileName().toString().endsWith(".jar"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no " + prefix + "*.jar under " + modules));
      try {
        return jar.toUri().toURL();
      } catch (MalformedURLException e) {
        throw new AssertionError(jar + " as a URL", e);
      }
    }
  }
}
