package dev.socketchat.connection;

import dev.socketchat.config.Settings;
import dev.socketchat.logging.LogText;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * The page origins whose WebSocket handshakes are let in ({@code socketchat.origins}), and a count of those that were
 * not: a browser cannot show its page the 403, so the operator is the one who must see them.
 */
@ApplicationScoped
public class PageOrigins {
  /** The reason a handshake from a page of another origin is refused and counted under. */
  public static final String REFUSED = "ORIGIN_NOT_ALLOWED";

  /** The body of every 403 answer to such a handshake. */
  public static final String REFUSAL = "{\"status\":false,\"reason\":\"" + REFUSED + "\"}";

  private static final System.Logger LOG = System.getLogger(PageOrigins.class.getName());
  // an Origin header is a scheme, a host and a port: what is longer is cut in the log line
  private static final int LOGGED = 200;

  private final Settings settings;
  private final LongAdder refused = new LongAdder();

  /** For CDI's client proxy only. */
  protected PageOrigins() {
    this.settings = null;
  }

  @Inject
  public PageOrigins(Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * Whether a page of this origin ({@code null}: the handshake sent none) may open a WebSocket; a refusal is counted
   * ({@link #refused}) and noted at DEBUG with the origin. The layer in front of the handshake asks first and
   * answers 403 with {@link #REFUSAL} (a servlet filter in the WAR, a Grizzly filter in the runner); the container
   * asks again (its configurator) and refuses, in its own words, what that layer did not take for a handshake, so no
   * page gets past and no refusal is counted twice.
   */
  public boolean allows(String origin) {
    return allows(origin == null ? List.of() : List.of(origin));
  }

  /**
   * As {@link #allows(String)} for a handshake's every {@code Origin} header: a browser sends one (RFC 6454), and a
   * request with several is let in only when each of them is, whichever the container would read.
   */
  public boolean allows(List<String> headers) {
    Objects.requireNonNull(headers, "headers");
    for (String origin : headers.isEmpty() ? Collections.<String>singletonList(null) : headers) {
      if (!settings.allowsWebSocketOrigin(origin)) {
        refused.increment();
        LOG.log(
            System.Logger.Level.DEBUG,
            "handshake refused: page origin {0} is not in socketchat.origins",
            LogText.quoted(origin, LOGGED));
        return false;
      }
    }
    return true;
  }

  /** How many handshakes were refused for their page's origin since the start. */
  public long refused() {
    return refused.sum();
  }
}
