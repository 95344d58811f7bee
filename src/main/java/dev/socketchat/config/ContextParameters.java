package dev.socketchat.config;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * Hands a web application's {@code socketchat.*} context parameters (web.xml {@code <context-param>} or the server's
 * deployment settings) to {@link Settings}, which reads them after system properties and environment variables.
 *
 * <p>The container calls this listener before any servlet or endpoint runs, so the engine, which CDI makes on first
 * use, always sees them. The standalone runner has no context parameters.
 */
@WebListener
public final class ContextParameters implements ServletContextListener {
  private static volatile Map<String, String> parameters = Map.of();

  /** The context parameter of that name, or null. */
  public static String get(String name) {
    return parameters.get(name);
  }

  @Override
  public void contextInitialized(ServletContextEvent event) {
    ServletContext context = event.getServletContext();
    Map<String, String> found = new HashMap<>();
    for (String name : Collections.list(context.getInitParameterNames())) {
      if (name.startsWith("socketchat.")) {
        found.put(name, context.getInitParameter(name));
      }
    }
    parameters = Map.copyOf(found);
  }

  @Override
  public void contextDestroyed(ServletContextEvent event) {
    parameters = Map.of();
  }
}
