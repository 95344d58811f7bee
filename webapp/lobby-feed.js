// The lobby's rooms as the server's lobby feed tells them: the list it starts from, then each change it pushes.

/** How long to wait before subscribing again after the server refused (busy, or too many requests too fast). */
const RETRY_MS = 2000;

/**
 * Follows the room list through one ChatSocket: subscribes with CLIENT_LOBBY_SUBSCRIBE, applies the pushed
 * SERVER_LOBBY_CHANGE batches, subscribes again when told SERVER_LOBBY_RESYNC, and calls onChange with the rooms (in
 * order of their numbers) whenever they change. The server sends its reply before any change, so changes that arrive
 * while a subscription is being asked for belong to an earlier one and are passed over.
 */
export class LobbyFeed {
  #socket;
  #onChange;
  #rooms = new Map();
  #state = 'off'; // off | asking | on
  #round = 0;
  #retryTimer = 0;

  constructor(socket, onChange) {
    this.#socket = socket;
    this.#onChange = onChange;
  }

  /** The rooms as last told, in order of their numbers. */
  get rooms() {
    return [...this.#rooms.values()].sort((a, b) => a.roomID - b.roomID);
  }

  /** Subscribes unless already subscribed (or asking); safe to call whenever the lobby is shown or the socket opens. */
  start() {
    if (this.#state !== 'off' || !this.#socket.isOpen) {
      return;
    }
    clearTimeout(this.#retryTimer);
    const round = ++this.#round;
    this.#state = 'asking';
    this.#socket
      .request({ type: 'CLIENT_LOBBY_SUBSCRIBE' })
      .then((reply) => {
        if (round !== this.#round) {
          return;
        }
        this.#state = 'on';
        this.#rooms = new Map((reply.rooms ?? []).map((entry) => [entry.roomID, entry]));
        this.#onChange(this.rooms);
      })
      .catch(() => {
        if (round === this.#round) {
          this.#state = 'off'; // lost: the next connection subscribes again; refused: try again shortly
          this.#retryTimer = setTimeout(() => this.start(), RETRY_MS);
        }
      });
  }

  /** Stops following: unsubscribes if the socket is still open. */
  stop() {
    clearTimeout(this.#retryTimer);
    this.#round++;
    const was = this.#state;
    this.#state = 'off';
    if (was !== 'off' && this.#socket.isOpen) {
      this.#socket.request({ type: 'CLIENT_LOBBY_UNSUBSCRIBE' }).catch(() => {}); // gone is as good
    }
  }

  /** The connection went away, and its subscription with it. */
  lost() {
    clearTimeout(this.#retryTimer);
    this.#round++;
    this.#state = 'off';
  }

  /** Takes a server frame that is not a reply; returns true when it was the lobby feed's. */
  take(message) {
    switch (message.type) {
      case 'SERVER_LOBBY_CHANGE':
        if (this.#state === 'on') {
          (message.changes ?? []).forEach((change) => this.#apply(change));
          this.#onChange(this.rooms);
        }
        return true;
      case 'SERVER_LOBBY_RESYNC':
        if (this.#state === 'on') {
          this.#state = 'off';
          this.start();
        }
        return true;
      default:
        return false;
    }
  }

  #apply(change) {
    const known = this.#rooms.get(change.roomID);
    switch (change.change) {
      case 'created':
        this.#rooms.set(change.roomID, {
          roomID: change.roomID,
          roomName: change.roomName,
          owner: change.owner,
          members: change.members,
        });
        break;
      case 'members':
        if (known) {
          this.#rooms.set(change.roomID, { ...known, members: change.members });
        }
        break;
      case 'deleted':
        this.#rooms.delete(change.roomID);
        break;
      default:
        break; // a change this page does not know yet
    }
  }
}
