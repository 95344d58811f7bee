package dev.socketchat.protocol;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

/** The one JSON-B instance this application uses; building one is expensive and it is safe to share. */
public final class SharedJsonb {
  private SharedJsonb() {}

  private static final class Holder {
    static final Jsonb JSONB = JsonbBuilder.create();
  }

  public static Jsonb get() {
    return Holder.JSONB;
  }
}
