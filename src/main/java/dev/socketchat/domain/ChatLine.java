package dev.socketchat.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;

/**
 * One chat message as a room's history keeps it: its event number, who said it, what, and when. A kept line also
 * keeps how it was last rendered, so that every joiner shown the same history reuses one rendering of each line.
 */
public final class ChatLine {
  private final long seq;
  private final Nickname name;
  private final MessageText text;
  private final Instant time;
  // the last rendering and its renderer: immutable, so a line read by several threads at once at worst renders twice
  private Rendering<?> rendering;

  private record Rendering<T>(Function<ChatLine, T> renderer, T value) {}

  public ChatLine(long seq, Nickname name, MessageText text, Instant time) {
    this.seq = seq;
    this.name = Objects.requireNonNull(name, "name");
    this.text = Objects.requireNonNull(text, "text");
    this.time = Objects.requireNonNull(time, "time");
  }

  public long seq() {
    return seq;
  }

  public Nickname name() {
    return name;
  }

  public MessageText text() {
    return text;
  }

  public Instant time() {
    return time;
  }

  /**
   * The line as the given renderer renders it, computed on first use and kept for the next use by the same renderer
   * (a renderer must give the same result for the same line every time).
   */
  @SuppressWarnings("unchecked")
  public <T> T rendered(Function<ChatLine, T> renderer) {
    Rendering<?> last = rendering;
    if (last != null && last.renderer() == renderer) {
      return (T) last.value();
    }
    T value = renderer.apply(this);
    rendering = new Rendering<>(renderer, value);
    return value;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ChatLine line
        && seq == line.seq
        && name.equals(line.name)
        && text.equals(line.text)
        && time.equals(line.time);
  }

  @Override
  public int hashCode() {
    return Objects.hash(seq, name, text, time);
  }

  @Override
  public String toString() {
    return "ChatLine[seq=" + seq + ", name=" + name + ", text=" + text + ", time=" + time + "]";
  }
}
