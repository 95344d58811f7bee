// What the page does when its /chat connection drops and comes back: the lobby feed subscribes again and the page gets
// back into its rooms. (ChatSocket waits and reconnects by itself; this module is what the page does around that.)
import { ChatRefusal } from './chat-socket.js';

/** How long to wait before looking again for rooms that are not back yet, and when to give up on them. */
export const REJOIN_RETRY_MS = 2000;
export const REJOIN_GIVE_UP_MS = 120000;
/** Reasons that mean "the room is not (yet) there for you": keep waiting while rejoining after a reconnect. */
const REJOIN_LATER = new Set(['NO_SUCH_ROOM', 'NAME_TAKEN', 'ALREADY_MEMBER', 'RATE_LIMITED', 'UNAVAILABLE']);

/**
 * Keeps a page's rooms across lost connections. `rooms` is the page's Map of rooms by key; a room has `key`, `id`,
 * `name`, `owner`, `members`, `joined` (false while the connection is away) and `lostAt`. `page` is what it needs of
 * the page:
 * - `nickname()`: the name the page speaks under;
 * - `request(message)`: a request on the current connection, as ChatSocket's `request`;
 * - `lobby()`: the current LobbyFeed; `lobbyShown()`: whether the lobby is on screen;
 * - `note(room, key)`: a line in a room's log, `key` being an i18n.js text (`log.connectionLost`, `log.recreated`,
 *   `log.rejoined`);
 * - `forget(room, key)`: the room is gone for good, with a notice (`notice.roomGone`);
 * - `changed(room)`: a room is back (its number, owner or members changed); `offline()`: the connection went away.
 */
export class Reconnection {
  #rooms;
  #page;
  #socket = null;
  #timer = 0;
  #round = 0;

  constructor(rooms, page) {
    this.#rooms = rooms;
    this.#page = page;
  }

  /** Follows this ChatSocket's opens and losses from now on (and no longer those of the one it followed before). */
  follow(socket) {
    this.#socket = socket;
    const mine = (handler) => () => {
      if (socket === this.#socket) {
        handler();
      }
    };
    socket.addEventListener('open', mine(() => this.opened()));
    socket.addEventListener('lost', mine(() => this.lost()));
  }

  /** The connection is open (the first time, or again): the lobby subscribes again if shown, the rooms come back. */
  opened() {
    if (this.#page.lobbyShown()) {
      this.#page.lobby().start();
    }
    return this.#getBack(++this.#round);
  }

  /** The connection went away (or the page let it go): the rooms wait for the next connection. */
  lost() {
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

  /**
   * Gets back into the rooms the page was in, on a new connection: the rooms it owned died with the old connection,
   * so it opens them again under the same name; the others it joins again, found by number or, if the server lost
   * them too, by name and owner once their owner has opened them again. (The one place a resume would go.)
   */
  async #getBack(round) {
    if (await this.#reopenOwnRooms()) {
      await this.#rejoin(round);
    }
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
