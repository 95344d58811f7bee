package dev.socketchat.connection;

import dev.socketchat.config.Settings;
import dev.socketchat.logging.LogText;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * The page origins whose WebSocket handshakes are let in ({@code socketchat.origins}), and a count of those that were
 * not: a browser cannot show its page the 403, so the operator is the one who must see them.
 */
@ApplicationScoped
public class PageOrigins {
  /** The reason a handshake from a page of another origin is counted under (the container answers it 403, or 404). */
  public static final String REFUSED = "ORIGIN_NOT_ALLOWED";

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
   * ({@link #refused}) and noted at DEBUG with the origin.
   */
  public boolean allows(String origin) {
    if (settings.allowsWebSocketOrigin(origin)) {
      return true;
    }
    refused.increment();
    LOG.log(
        System.Logger.Level.DEBUG,
        "handshake refused: page origin {0} is not in socketchat.origins",
        LogText.quoted(origin, LOGGED));
    return false;
  }

  /** How many handshakes were refused for their page's origin since the start. */
  public long refused() {
    return refused.sum();
  }
}
