package dev.socketchat.bench;

import java.net.InetSocketAddress;
import java.net.URI;

/** Where a server listens: its socket address and the path its endpoints hang under ("" standalone, "/ctx" in a WAR). */
record Target(InetSocketAddress address, String prefix) {

  /** Parses {@code http://127.0.0.1:8080} or {@code http://127.0.0.1:8080/socketchat}. */
  static Target of(String base) {
    URI uri = URI.create(base);
    String path = uri.getPath() == null ? "" : uri.getPath();
    if (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return new Target(new InetSocketAddress(uri.getHost(), uri.getPort()), path);
  }
}
