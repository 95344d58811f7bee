package dev.socketchat.websocket;

import dev.socketchat.domain.Broadcast;
import dev.socketchat.domain.Recipient;
import dev.socketchat.protocol.ChatReplies;
import java.util.Objects;

/** A {@code /chat} connection as a recipient of room events: renders them as {@code SERVER_*} frames and queues them. */
final class ChatRecipient implements Recipient {
  private final Outbox outbox;

  ChatRecipient(Outbox outbox) {
    this.outbox = Objects.requireNonNull(outbox, "outbox");
  }

  @Override
  public void deliver(Broadcast broadcast, boolean toOrigin) {
    String frame =
        toOrigin
            ? ChatReplies.encode(ChatReplies.forOrigin(broadcast.event()))
            : broadcast.frame(ChatReplies.MEMBER_FRAMES);
    if (frame != null) {
      outbox.send(frame);
    }
  }
}
