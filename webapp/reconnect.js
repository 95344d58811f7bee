// What the page does when its /chat connection drops and comes back: the page resumes its session (every event it
// missed follows, its seats and rooms are still its own) or, when that is refused, gets back into its rooms as a
// newcomer; the lobby feed subscribes again. (ChatSocket waits and reconnects by itself; this module is what the page
// does around that.)
import { ChatRefusal } from './chat-socket.js';
import { HISTORY_PAGE, Session, readResume, startOver } from './session.js';

/** How long to wait before looking again for rooms that are not back yet, and when to give up on them. */
export const REJOIN_RETRY_MS = 2000;
export const REJOIN_GIVE_UP_MS = 120000;
/** Reasons that mean "the room is not (yet) there for you": keep waiting while rejoining after a reconnect. */
const REJOIN_LATER = new Set(['NO_SUCH_ROOM', 'NAME_TAKEN', 'ALREADY_MEMBER', 'RATE_LIMITED', 'UNAVAILABLE']);

/**
 * Keeps a page's rooms across lost connections. `rooms` is the page's Map of rooms by key; a room has `key`, `id`,
 * `name`, `owner`, `members`, `joined` (false while the connection is away), `lostAt` and `seq` (the last event
 * number received there, see session.js). `page` is what it needs of the page:
 * - `nickname()`: the name the page speaks under;
 * - `request(message)`: a request on the current connection, as ChatSocket's `request` (its replies pass through
 *   `remember`, so the session token is kept);
 * - `lobby()`: the current LobbyFeed; `lobbyShown()`: whether the lobby is on screen;
 * - `note(room, key)`: a line in a room's log, `key` being an i18n.js text (`log.connectionLost`, `log.resumed`,
 *   `log.missed`, `log.recreated`, `log.rejoined`);
 * - `forget(room, key)`: the room is gone for good, with a notice (`notice.roomGone`);
 * - `tell(key)`: a notice that is about no room in particular (`notice.sessionExpired`);
 * - `insert(room, messages)`: chat messages ({seq, nickname, message, time}) to show where their seq puts them,
 *   those shown already excepted;
 * - `changed(room)`: a room is back (its number, owner or members changed); `offline()`: the connection went away;
 * - `back(resumed, lacking)`: the connection is back and the session resumed (true; the missed events follow, those
 *   of the rooms whose keys are in `lacking` only in part) or not (false: nothing it missed will come).
 *
 * The events missed while away arrive after the resume reply as ordinary frames; the page applies them as live ones,
 * passing over those it has shown already (`isNews` in session.js).
 */
export class Reconnection {
  #rooms;
  #page;
  #socket = null;
  #session = new Session();
  #givenUp = []; // rooms left while away, or joined as the connection went: the session may still hold their seats
  #unnamed = []; // names of rooms created as the connection went: the session may own one the page cannot name
  #flooded = false; // the server closed the last connection for sending too much too fast
  #timer = 0;
  #round = 0;
  #lacking = new Set(); // keys of the rooms the last resume could not replay in full

  constructor(rooms, page) {
    this.#rooms = rooms;
    this.#page = page;
  }

  /** Follows this ChatSocket's opens and losses from now on (and no longer those of the one it followed before). */
  follow(socket) {
    this.#socket = socket;
    this.#endSession(); // a new connection of the page's own making: the one before was closed, its session ended
    const mine = (handler) => (event) => {
      if (socket === this.#socket) {
        handler(event);
      }
    };
    socket.addEventListener('open', mine(() => this.opened()));
    socket.addEventListener('lost', mine((event) => this.lost(event.detail)));
  }

  /** Keeps the session token a reply carries (create and join replies do); returns the reply. */
  remember(reply) {
    return this.#session.remember(reply);
  }

  /** Forgets the session and what it may still hold: a later connection starts afresh. */
  #endSession() {
    this.#session.clear();
    this.#givenUp = [];
    this.#unnamed = [];
  }

  /** The session token the page would resume with, or null. */
  get session() {
    return this.#session.token;
  }

  /**
   * The connection is open (the first time, or again): the rooms come back, and the lobby subscribes again if shown
   * (after the resume request, which has to be the connection's first).
   */
  opened() {
    const back = this.#getBack(++this.#round);
    if (this.#page.lobbyShown()) {
      this.#page.lobby().start();
    }
    return back;
  }

  /**
   * The connection went away (or the page let it go): the rooms wait for the next connection. `closed` is its close
   * code and reason when the server closed it: one closed for flooding (1008, PROTOCOL.md) ended the session.
   */
  lost(closed) {
    this.#flooded = closed?.code === 1008 && String(closed.reason).startsWith('flooding');
    const now = Date.now();
    this.#page.lobby().lost();
    clearTimeout(this.#timer);
    for (const room of this.#rooms.values()) {
      if (room.joined) {
        room.joined = false;
        room.lostAt = now;
        this.#page.note(room, 'log.connectionLost');
      }
    }
    this.#page.offline();
  }

  /** The page closes its connection on purpose (hidden away): that ends the session too, and the rooms wait. */
  letGo() {
    this.#endSession();
    this.lost();
  }

  /**
   * The person left a room (the page forgets it) while the connection was away: the session may still hold the seat,
   * so the next resume asks for it too and then lets it go.
   */
  givenUp(room) {
    if (!room.joined && this.#session.token !== null) {
      this.#givenUp.push(room);
    }
  }

  /**
   * A join whose reply was lost with the connection: the server may have seated the page all the same, so the next
   * resume asks for that room too (from the join on, PROTOCOL.md) and lets the seat go if it was taken, as the person
   * was told the join did not happen and may try it again.
   */
  joinInDoubt(roomID) {
    if (this.#session.token !== null) {
      this.#givenUp.push({ key: null, id: roomID, owner: null, seq: 0 });
    }
  }

  /**
   * A create whose reply was lost with the connection: the server may have made the room all the same, owned by the
   * session, with a number the page never got (PROTOCOL.md); after the next resume the page looks for a room of that
   * name under its own name that it does not know and leaves it, which ends it, as the person was told it was not
   * created.
   */
  createInDoubt(roomName) {
    if (this.#session.token !== null) {
      this.#unnamed.push(roomName);
    }
  }

  /**
   * Gets back into the rooms the page was in, on a new connection: by resuming its session if it has one; else (or
   * when the server refuses) as a newcomer: the rooms it owned died with the old connection, so it opens them again
   * under the same name; the others it joins again, found by number or, if the server lost them too, by name and
   * owner once their owner has opened them again.
   */
  async #getBack(round) {
    const resumed = await this.#resume();
    if (resumed !== null && round === this.#round) {
      this.#page.back(resumed, this.#lacking);
    }
    if (resumed === true) {
      await this.#leaveUnnamed();
    }
    if (resumed === false && round === this.#round && (await this.#reopenOwnRooms())) {
      await this.#rejoin(round);
    }
  }

  /**
   * Resumes the session for the rooms that are away: true when the server took it (each room back, missing messages
   * fetched, or gone with a notice), false when there is nothing to resume or the server refused it (with a notice
   * then), null when the connection went away meanwhile (the next one tries again). Sends its request at once, before
   * anything else goes out on the connection.
   */
  async #resume() {
    this.#lacking = new Set();
    const away = [...this.#rooms.values()].filter((room) => !room.joined);
    const asked = [...away, ...this.#givenUp.filter((room) => !this.#rooms.has(room.key))];
    const request = this.#session.resumeRequest(asked, this.#unnamed.length > 0);
    if (request === null) {
      return false;
    }
    let reply;
    try {
      reply = await this.#page.request(request);
    } catch (failure) {
      if (!(failure instanceof ChatRefusal)) {
        return null;
      }
      this.#endSession(); // SESSION_EXPIRED: too long away, or the session ended; start afresh
      if (asked.length > 0) {
        // none when only a lost create was asked about: no room was lost
        this.#page.tell(this.#flooded ? 'notice.flooded' : 'notice.sessionExpired');
      }
      return false;
    }
    this.#givenUp = [];
    this.#session.remember(reply);
    const nickname = this.#page.nickname();
    const { recovered, missed, renumbered, gone } = readResume(reply, asked);
    for (const room of renumbered) {
      startOver(room, 0); // the page's numbers are not the room's: every numbered event from now on is news
    }
    const lacking = [...missed, ...renumbered];
    this.#lacking = new Set(lacking.map((room) => room.key));
    for (const room of [...recovered, ...lacking]) {
      if (!this.#rooms.has(room.key)) {
        this.#abandon({ type: room.owner === nickname ? 'CLIENT_ROOM_DELETE' : 'CLIENT_ROOM_EXIT', roomID: room.id });
        continue; // given up while away: the seat the session kept is let go now
      }
      room.joined = true;
      this.#page.note(room, lacking.includes(room) ? 'log.missed' : 'log.resumed');
      this.#page.changed(room);
    }
    for (const room of gone) {
      if (this.#rooms.has(room.key)) {
        this.#page.forget(room, 'notice.roomGone');
      }
    }
    for (const room of lacking.filter((kept) => this.#rooms.has(kept.key))) {
      this.#fetchLatest(room);
    }
    return true;
  }

  /**
   * Ends the rooms the resumed session owns though their create's reply was lost: found by name under the page's name
   * among the rooms it does not know, and left, which ends a room for its owner. Left, not deleted: a namesake's room
   * (another tab of the same person, or someone else of that name) may be listed too, and a moderator's delete would
   * end it, while leaving a room the session is not in is refused NOT_MEMBER and changes nothing.
   */
  async #leaveUnnamed() {
    const names = this.#unnamed;
    this.#unnamed = [];
    if (names.length === 0) {
      return;
    }
    let listed;
    try {
      listed = (await this.#page.request({ type: 'CLIENT_ROOM_LIST' })).rooms ?? [];
    } catch (failure) {
      this.#unnamed.push(...names); // lost again: the next resume looks again
      return;
    }
    const nickname = this.#page.nickname();
    const known = new Set([...this.#rooms.values()].map((room) => room.id));
    for (const entry of listed) {
      if (names.includes(entry.roomName) && entry.owner === nickname && !known.has(entry.roomID)) {
        this.#abandon({ type: 'CLIENT_ROOM_EXIT', roomID: entry.roomID });
      }
    }
  }

  /** Shows the latest messages of a room where more was missed than the room kept for a resume. */
  #fetchLatest(room) {
    const since = room.seq ?? 0;
    this.#page
      .request({ type: 'CLIENT_ROOM_HISTORY', roomID: room.id, limit: HISTORY_PAGE })
      .then((reply) => {
        const messages = (reply.messages ?? []).filter((message) => message.seq > since);
        if (this.#rooms.has(room.key) && messages.length > 0) {
          this.#page.insert(room, messages);
        }
      })
      .catch(() => {}); // the notice already says messages are missing
  }

  /** Opens again the rooms the page owned; false when the connection went away meanwhile. */
  async #reopenOwnRooms() {
    const nickname = this.#page.nickname();
    for (const room of [...this.#rooms.values()]) {
      if (room.joined || room.owner !== nickname) {
        continue;
      }
      try {
        const reply = await this.#page.request({ type: 'CLIENT_ROOM_CREATE', roomName: room.name, userName: nickname });
        if (!this.#rooms.has(room.key)) {
          this.#abandon({ type: 'CLIENT_ROOM_DELETE', roomID: reply.roomID }); // given up meanwhile
          continue;
        }
        Object.assign(room, { id: reply.roomID, members: [nickname], joined: true });
        startOver(room, reply.seq);
        this.#page.note(room, 'log.recreated');
        this.#page.changed(room);
      } catch (failure) {
        if (!(failure instanceof ChatRefusal)) {
          return false; // the connection went away again; the next one starts over
        }
        this.#page.forget(room, 'notice.roomGone');
      }
    }
    return true;
  }

  /** Joins again the rooms of others, looking again every REJOIN_RETRY_MS for those not back yet. */
  async #rejoin(round) {
    clearTimeout(this.#timer);
    const nickname = this.#page.nickname();
    const waiting = () => [...this.#rooms.values()].filter((room) => !room.joined && room.owner !== nickname);
    if (waiting().length === 0 || round !== this.#round) {
      return;
    }
    let listed;
    try {
      listed = (await this.#page.request({ type: 'CLIENT_ROOM_LIST' })).rooms ?? [];
    } catch (failure) {
      return; // lost again: the next connection starts over
    }
    for (const room of waiting()) {
      if (round !== this.#round) {
        return;
      }
      const same = (entry) => entry.roomName === room.name && entry.owner === room.owner;
      const match =
        listed.find((entry) => entry.roomID === room.id && same(entry)) ??
        listed.filter(same).sort((a, b) => b.roomID - a.roomID)[0];
      if (match) {
        try {
          const reply = await this.#page.request({
            type: 'CLIENT_ROOM_JOIN',
            roomID: match.roomID,
            userName: nickname,
          });
          if (!this.#rooms.has(room.key)) {
            this.#abandon({ type: 'CLIENT_ROOM_EXIT', roomID: reply.roomID }); // given up meanwhile
            continue;
          }
          Object.assign(room, { id: reply.roomID, name: reply.roomName, owner: reply.owner, joined: true });
          room.members = [...reply.members];
          startOver(room, reply.seq);
          this.#page.note(room, 'log.rejoined');
          this.#page.changed(room);
          continue;
        } catch (failure) {
          if (!(failure instanceof ChatRefusal)) {
            return;
          }
          if (!REJOIN_LATER.has(failure.reason)) {
            this.#page.forget(room, 'notice.roomGone');
            continue;
          }
        }
      }
      if (Date.now() - room.lostAt > REJOIN_GIVE_UP_MS) {
        this.#page.forget(room, 'notice.roomGone');
      }
    }
    if (waiting().length > 0 && round === this.#round) {
      this.#timer = setTimeout(() => this.#rejoin(round), REJOIN_RETRY_MS);
    }
  }

  /** Takes the page out of a room it got back into after the person had given up on it. */
  #abandon(request) {
    this.#page.request({ ...request, userName: this.#page.nickname() }).catch(() => {}); // already gone is as good
  }
}
