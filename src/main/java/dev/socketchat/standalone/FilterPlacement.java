package dev.socketchat.standalone;

import java.util.function.Supplier;
import org.glassfish.grizzly.filterchain.Filter;
import org.glassfish.grizzly.http.server.AddOn;

/** Grizzly add-ons that put one filter into a listener's chain right before a filter already there. */
final class FilterPlacement {
  private FilterPlacement() {}

  /** Puts the filter {@code made} makes (one per listener) right before the first filter of type {@code anchor}. */
  static AddOn before(Class<? extends Filter> anchor, Supplier<? extends Filter> made) {
    return (listener, builder) -> {
      int index = builder.indexOfType(anchor);
      if (index < 0) {
        throw new IllegalStateException("no " + anchor.getSimpleName() + " in the listener's filter chain (yet)");
      }
      builder.add(index, made.get());
    };
  }
}
