package dev.socketchat.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.domain.ChatLine;
import dev.socketchat.domain.ConnectionId;
import dev.socketchat.domain.MessageText;
import dev.socketchat.domain.Nickname;
import dev.socketchat.domain.Origin;
import dev.socketchat.domain.Refusal;
import dev.socketchat.domain.RoomEvent;
import dev.socketchat.domain.RoomId;
import dev.socketchat.domain.RoomName;
import dev.socketchat.domain.RoomView;
import dev.socketchat.testing.HostileFrames;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The frames a joiner and a history page get, their lines spliced in from each line's kept rendering, are exactly the
 * text JSON-B gives their replies as records, for any lines, request ids and session tokens, rendered once or again.
 */
class ChatRepliesFramesPropertyTest {
  private static final RoomId ROOM = new RoomId(12);

  @Provide
  Arbitrary<String> anyText() {
    return Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.strings().all().ofMinLength(1).ofMaxLength(12)),
        Tuple.of(2, Arbitraries.randomValue(random -> HostileFrames.text(random, 6))),
        Tuple.of(1, Arbitraries.of("\"", "\\", "}", "]\"}", "<b>hi</b>", "안녕 \"세계\"", "a\u2028b", "😀")));
  }

  @Provide
  Arbitrary<List<ChatLine>> lines() {
    Arbitrary<Optional<ChatLine>> line =
        Combinators.combine(
                Arbitraries.longs().between(1, Long.MAX_VALUE / 2),
                anyText(),
                anyText(),
                Arbitraries.longs().between(0, 4_102_444_800_000L))
            .as(ChatRepliesFramesPropertyTest::line);
    return line.list().ofMaxSize(8).map(found -> found.stream().flatMap(Optional::stream).toList());
  }

  @Provide
  Arbitrary<String> tags() {
    return Arbitraries.of(
        "", "\"req-1\"", "7", "null", "{\"k\":\"}\\\"]\"}", "[1,{\"history\":[],\"messages\":\"]}\"}]", "\"안녕\"");
  }

  @Provide
  Arbitrary<String> sessions() {
    return Arbitraries.of("", "Xo1b6q0fS2nVd8LcA3wPzR5k", "a\"b");
  }

  @Property
  void aJoinersFrameIsItsReplyAsJsonbWritesIt(
      @ForAll("lines") List<ChatLine> history, @ForAll("tags") String tag, @ForAll("sessions") String session) {
    Origin origin = new Origin(new ConnectionId("n:1"), tag.isEmpty() ? null : tag);
    RoomEvent joined = joined(history, origin);
    String token = session.isEmpty() ? null : session;
    // the expected text from fresh copies of the lines, so that no rendering is reused on that side
    String expected = ChatReplies.encode(ChatReplies.forOrigin(joined(copies(history), origin), token));

    assertThat(ChatReplies.originFrame(joined, token)).isEqualTo(expected);
    assertThat(ChatReplies.originFrame(joined, token)).as("rendered again from the kept lines").isEqualTo(expected);
  }

  @Property
  void aHistoryPagesFrameIsItsReplyAsJsonbWritesIt(
      @ForAll("lines") List<ChatLine> page, @ForAll("tags") String tag) {
    String requestTag = tag.isEmpty() ? null : tag;
    String expected = ChatReplies.encode(ChatReplies.history(ROOM, copies(page), requestTag));

    assertThat(ChatReplies.historyFrame(ROOM, page, requestTag)).isEqualTo(expected);
    assertThat(ChatReplies.historyFrame(ROOM, page, requestTag)).isEqualTo(expected);
  }

  @Property
  void everyOtherEventsFrameIsItsReplyAsJsonbWritesIt(@ForAll("anyText") String text, @ForAll("tags") String tag) {
    Origin origin = new Origin(new ConnectionId("n:1"), tag.isEmpty() ? null : tag);
    Optional<ChatLine> said = line(3, "a", text, 0);
    RoomEvent chat =
        new RoomEvent.ChatPosted(
            ROOM, new Nickname("a"), said.map(ChatLine::text).orElse(new MessageText("x")), 2, Instant.EPOCH, origin);

    assertThat(ChatReplies.originFrame(chat, "s")).isEqualTo(ChatReplies.encode(ChatReplies.forOrigin(chat, "s")));
  }

  private static RoomEvent joined(List<ChatLine> history, Origin origin) {
    return new RoomEvent.MemberJoined(
        ROOM,
        new Nickname("b"),
        new RoomView(ROOM, new RoomName("방"), new Nickname("a"), List.of(new Nickname("a")), history),
        origin,
        40);
  }

  /** New lines equal to the given ones, none of them rendered yet. */
  private static List<ChatLine> copies(List<ChatLine> lines) {
    return lines.stream().map(line -> new ChatLine(line.seq(), line.name(), line.text(), line.time())).toList();
  }

  /** A line of the given texts, if both pass the rules a member's name and message pass. */
  private static Optional<ChatLine> line(long seq, String name, String text, long millis) {
    try {
      return Optional.of(
          new ChatLine(seq, new Nickname(name), new MessageText(text), Instant.ofEpochMilli(millis)));
    } catch (Refusal refused) {
      return Optional.empty();
    }
  }
}
