package dev.socketchat.testing;

import static dev.socketchat.testing.Requests.chat;
import static dev.socketchat.testing.Requests.join;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.time.Duration;

/** A room whose owner floods it while one member reads along and another has stopped reading, named "stalled". */
public final class StalledMemberFlood {
  private static final String TEXT = "가".repeat(128);

  private StalledMemberFlood() {}

  /** What the room saw: chats sent, chats the reading member got, and who saw the stalled member leave. */
  public record Seen(int sent, int readerChats, boolean ownerSawExit, boolean readerSawExit) {}

  /** Seats the three in a new room of the owner's, the stalled member last; answers the room. */
  public static int seat(ChatClient owner, ChatClient reader, RawWebSocket stalled) throws Exception {
    int room = owner.createRoom("flood");
    reader.join(room);
    owner.expectOk("SERVER_ROOM_JOIN");
    stalled.sendText(join(room, "stalled").toString());
    assertThat(owner.expectOk("SERVER_ROOM_JOIN").getString("nickName")).isEqualTo("stalled");
    reader.expectOk("SERVER_ROOM_JOIN");
    return room;
  }

  /**
   * The owner sends batches of 128-syllable chats, owner and reader reading each batch before the next, so that only
   * the stalled member's backlog grows; until both saw the stalled member leave, {@code maxSent} chats went out, or
   * {@code within} passed.
   */
  public static Seen flood(ChatClient owner, ChatClient reader, int room, int batch, int maxSent, Duration within) {
    int sent = 0;
    int readerChats = 0;
    boolean ownerSawExit = false;
    boolean readerSawExit = false;
    long deadline = System.nanoTime() + within.toNanos();
    while (!(ownerSawExit && readerSawExit) && sent < maxSent && System.nanoTime() < deadline) {
      for (int i = 0; i < batch; i++) {
        owner.send(chat(room, "owner", TEXT));
      }
      sent += batch;
      ownerSawExit |= drainChats(owner, batch, new int[1]);
      int[] chats = {0};
      readerSawExit |= drainChats(reader, batch, chats);
      readerChats += chats[0];
    }
    return new Seen(sent, readerChats, ownerSawExit, readerSawExit);
  }

  /** Reads until {@code chats} chat frames have arrived, counting them; true if the stalled member's exit came. */
  private static boolean drainChats(ChatClient client, int chats, int[] counted) {
    boolean left = false;
    while (counted[0] < chats) {
      JsonObject frame = client.next();
      if (frame.getString("type").equals("SERVER_CHAT_SEND")) {
        counted[0]++;
      } else {
        assertThat(frame.getString("type")).isEqualTo("SERVER_ROOM_EXIT");
        assertThat(frame.getString("nickName")).isEqualTo("stalled");
        left = true;
      }
    }
    return left;
  }
}
