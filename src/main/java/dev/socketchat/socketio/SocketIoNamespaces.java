package dev.socketchat.socketio;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** The Socket.IO namespaces this deployment serves, by name ({@code /}, {@code /custom}); others are refused. */
@ApplicationScoped
public class SocketIoNamespaces {
  private final Map<String, Namespace> namespaces = new ConcurrentHashMap<>();

  /** Serves a namespace with the given handler, replacing any handler it had. */
  public void register(String name, Namespace namespace) {
    Objects.requireNonNull(namespace, "namespace");
    if (name == null || !name.startsWith("/")) {
      throw new IllegalArgumentException("a namespace name starts with /, not " + name);
    }
    namespaces.put(name, namespace);
  }

  /** The handler of a namespace, or null when it is not served. */
  Namespace find(String name) {
    return namespaces.get(name);
  }
}
