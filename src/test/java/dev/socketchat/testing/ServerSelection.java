package dev.socketchat.testing;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which application servers the integration tests deploy to, from {@code -Dservers=...} (passed on by the build as
 * {@code socketchat.servers}): {@code all} (the default), {@code none}, or a comma-separated list of server ids, where
 * {@code tomcat} stands for every Tomcat.
 */
public final class ServerSelection {
  static final String PROPERTY = "socketchat.servers";

  private final Set<AppServer> selected;

  private ServerSelection(Set<AppServer> selected) {
    this.selected = Set.copyOf(selected);
  }

  /** The selection this test run was started with. */
  public static ServerSelection current() {
    return parse(System.getProperty(PROPERTY, "all"));
  }

  /**
   * Reads a selection.
   *
   * @throws IllegalArgumentException naming the valid ids when one is unknown
   */
  public static ServerSelection parse(String text) {
    Set<AppServer> selected = new LinkedHashSet<>();
    for (String item : text.toLowerCase(Locale.ROOT).split(",", -1)) {
      String id = item.strip();
      switch (id) {
        case "", "none" -> {}
        case "all" -> selected.addAll(Arrays.asList(AppServer.values()));
        case "tomcat" -> selected.addAll(Set.of(AppServer.TOMCAT_11, AppServer.TOMCAT_10));
        default -> selected.add(AppServer.byId(id));
      }
    }
    return new ServerSelection(selected);
  }

  public boolean includes(AppServer server) {
    return selected.contains(server);
  }

  @Override
  public String toString() {
    return selected.isEmpty() ? "none" : selected.stream().map(AppServer::id).reduce((a, b) -> a + "," + b).orElseThrow();
  }
}
