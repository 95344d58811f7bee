package dev.socketchat.connection;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * Makes endpoint instances through CDI, so injection works the same on every server and in the standalone runner, and
 * refuses handshakes from page origins the settings do not allow ({@code socketchat.origins}): the last guard behind
 * the filters that answer them 403 first ({@link PageOriginFilter}; the container answers what gets here its own way).
 */
public final class CdiConfigurator extends ServerEndpointConfig.Configurator {

  @Override
  public <T> T getEndpointInstance(Class<T> endpointClass) {
    return CDI.current().select(endpointClass).get();
  }

  /** Keeps what the layer in front handed over ({@link Handshakes}) with the new session. */
  @Override
  public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
    super.modifyHandshake(config, request, response);
    Handshakes.keepIn(config.getUserProperties());
  }

  @Override
  public boolean checkOrigin(String originHeaderValue) {
    return CDI.current().select(PageOrigins.class).get().allows(originHeaderValue);
  }
}
