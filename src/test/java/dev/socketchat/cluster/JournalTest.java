package dev.socketchat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.domain.ConnectionId;
import dev.socketchat.domain.Member;
import dev.socketchat.domain.Nickname;
import dev.socketchat.domain.RoomId;
import org.junit.jupiter.api.Test;

class JournalTest {
  private static final RoomId ROOM = new RoomId(7);
  private static final Nickname OWNER = new Nickname("owner");
  private static final ConnectionId BEFORE = new ConnectionId("a1b2c3d4:1");
  private static final ConnectionId AFTER = new ConnectionId("e5f6a7b8:9");
  private static final Member GUEST = new Member(new ConnectionId("e5f6a7b8:2"), new Nickname("guest"));

  @Test
  void aMembersEntryFollowsTheOwnerToTheConnectionItsSessionMovedTo() {
    Journal journal = new Journal();
    journal.expect(ROOM, GUEST);
    journal.admitted(ROOM, GUEST, 2, null, OWNER, BEFORE);

    journal.ownerMoved(ROOM, BEFORE, AFTER);

    assertThat(journal.toJson(journal.entries(), System.nanoTime()))
        .contains("\"ownerConn\":\"" + AFTER.value() + "\"");
  }

  @Test
  void aJoinWhoseReplyNamedTheOwnersConnectionBeforeAMoveDeliveredFirstTakesTheOneItMovedTo() {
    Journal journal = new Journal();
    journal.expect(ROOM, GUEST);

    journal.ownerMoved(ROOM, BEFORE, AFTER); // the move reached this node before the join's reply
    journal.admitted(ROOM, GUEST, 2, null, OWNER, BEFORE);

    assertThat(journal.toJson(journal.entries(), System.nanoTime()))
        .contains("\"ownerConn\":\"" + AFTER.value() + "\"");
  }
}
