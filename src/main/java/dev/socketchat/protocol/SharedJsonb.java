package dev.socketchat.protocol;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

/**
 * The one JSON-B instance this application uses; building one is expensive and it is safe to share. Its default
 * configuration (compact, field names as declared, nulls left out) is relied upon: {@link ChatReplies} splices a
 * history line's kept JSON into a reply, and that text must be what this instance writes for the line in place.
 */
public final class SharedJsonb {
  private SharedJsonb() {}

  private static final class Holder {
    static final Jsonb JSONB = JsonbBuilder.create();
  }

  public static Jsonb get() {
    return Holder.JSONB;
  }
}
