package dev.socketchat.websocket;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.server.ServerEndpointConfig;

/** Makes endpoint instances through CDI, so injection works the same on every server and in the standalone runner. */
public final class CdiConfigurator extends ServerEndpointConfig.Configurator {

  @Override
  public <T> T getEndpointInstance(Class<T> endpointClass) {
    return CDI.current().select(endpointClass).get();
  }
}
