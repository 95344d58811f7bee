// What the page keeps so a dropped connection can be resumed instead of rejoined: the session token its create and
// join replies carry, and per room the last event number (seq) it received; with the small rules around them (is a
// frame news or a replay already shown, what a resume reply says of each room, where an older message goes, and the
// next page of older messages).

/** How many older messages one look further back asks for (the server allows 1 to 100). */
export const HISTORY_PAGE = 50;

/**
 * The page's /chat session: the token of the last successful create or join reply. Kept in memory only: a reload or
 * a closed tab ends the connection with a close frame, which ends the session on the server, so nothing is worth
 * keeping across one.
 */
export class Session {
  #token = null;

  /** The token, or null when there is none (sessions off on the server, nothing joined yet, or given up). */
  get token() {
    return this.#token;
  }

  /** Takes the session token from a reply if it carries one; returns the reply. */
  remember(reply) {
    if (reply !== null && typeof reply === 'object' && typeof reply.session === 'string' && reply.session) {
      this.#token = reply.session;
    }
    return reply;
  }

  /** Forgets the token: the session ended (refused, or the page closed its connection on purpose). */
  clear() {
    this.#token = null;
  }

  /**
   * The CLIENT_SESSION_RESUME that gets these rooms back (each with the last seq the page received there), or null
   * when there is nothing to resume: no token, or no rooms and no `unsettled` request (a create whose reply was lost,
   * which may have given the session a room the page cannot name).
   */
  resumeRequest(rooms, unsettled = false) {
    if (this.#token === null || (rooms.length === 0 && !unsettled)) {
      return null;
    }
    return {
      type: 'CLIENT_SESSION_RESUME',
      session: this.#token,
      rooms: rooms.map((room) => ({ roomID: room.id, seq: room.seq ?? 0 })),
    };
  }
}

/**
 * What a successful SERVER_SESSION_RESUME says of the rooms that were asked about: `recovered` (every missed event
 * follows the reply), `missed` (the seat is still held but more was missed than the room keeps: HISTORY_GONE),
 * `renumbered` (the seat is still held but the room's numbering is not the one the page knows: BAD_SEQ, its `seq` is
 * past the room's latest event) and `gone` (NO_SUCH_ROOM, NOT_MEMBER, or a room the reply does not mention).
 */
export function readResume(reply, rooms) {
  const answers = new Map((Array.isArray(reply.rooms) ? reply.rooms : []).map((answer) => [answer.roomID, answer]));
  const read = { recovered: [], missed: [], renumbered: [], gone: [] };
  for (const room of rooms) {
    const answer = answers.get(room.id);
    if (answer?.recovered === true) {
      read.recovered.push(room);
    } else if (answer?.reason === 'HISTORY_GONE') {
      read.missed.push(room);
    } else if (answer?.reason === 'BAD_SEQ') {
      read.renumbered.push(room);
    } else {
      read.gone.push(room);
    }
  }
  return read;
}

/**
 * Whether a frame about a room is news: a frame without `seq` always is; a numbered one only when it is later than
 * the last one the room received (a replayed event already shown is not), and the room's `seq` then moves on to it.
 */
export function isNews(room, frame) {
  const seq = frame?.seq;
  if (!Number.isSafeInteger(seq)) {
    return true;
  }
  if (seq <= (room.seq ?? 0)) {
    return false;
  }
  room.seq = seq;
  return true;
}

/**
 * The room's numbering starts over where the page cannot tell old numbers from new (it opened the room again, or
 * rejoined it without a resume): the entries shown so far no longer count as numbered (`era` moves on), the room
 * goes on from `seq`, and there is nothing older to page back to in the numbering the page knows.
 */
export function startOver(room, seq) {
  room.era = (room.era ?? 0) + 1;
  room.seq = Number.isSafeInteger(seq) ? seq : 0;
  room.olderDone = true;
}

/**
 * Where a numbered entry goes among entries whose numbers are `seqs` (undefined for an entry without one): before
 * the first numbered entry that is later, else at the end; -1 when that number is shown already.
 */
export function placeOf(seqs, seq) {
  const at = seqs.findIndex((shown) => shown !== undefined && shown >= seq);
  if (at === -1) {
    return seqs.length;
  }
  return seqs[at] === seq ? -1 : at;
}

/** The lowest number among the entries (undefined for one without), or undefined when none is numbered. */
export function oldestSeq(seqs) {
  let oldest;
  for (const seq of seqs) {
    if (seq !== undefined && (oldest === undefined || seq < oldest)) {
      oldest = seq;
    }
  }
  return oldest;
}

/**
 * Asks for the page of chat messages just before `before` (the oldest numbered entry shown) in a room and resolves
 * with them, oldest first. Resolves with [] without asking while a page is on its way, once the room has told there
 * is nothing older (`olderDone`, also set when a page comes back short), or when nothing is numbered yet. `request`
 * is ChatSocket's; a failure passes through (and the next look asks again).
 */
export async function olderMessages(request, room, before, limit = HISTORY_PAGE) {
  if (room.olderDone || room.loadingOlder || !Number.isSafeInteger(before)) {
    return [];
  }
  if (before <= 1) {
    room.olderDone = true; // event 1 is the room's creation: nothing is older
    return [];
  }
  room.loadingOlder = true;
  const roomID = room.id;
  try {
    const reply = await request({ type: 'CLIENT_ROOM_HISTORY', roomID, before, limit });
    const messages = (Array.isArray(reply.messages) ? reply.messages : []).filter(
      (message) => Number.isSafeInteger(message?.seq) && message.seq < before,
    );
    if (room.id !== roomID) {
      return []; // the room was opened again meanwhile: these numbers are another room's
    }
    if (messages.length < limit) {
      room.olderDone = true;
    }
    return messages.sort((a, b) => a.seq - b.seq);
  } finally {
    room.loadingOlder = false;
  }
}
