// Checks the chat page's lost-connection behaviour with node:test on a fake WebSocket and fake timers (no real
// waiting): webapp/chat-socket.js (ChatSocket: backoff, reconnect, a deliberate stop), webapp/session.js (the session
// token, event numbers, replays passed over, older pages) and webapp/reconnect.js (Reconnection: the page resumes its
// session or gets back into its rooms, the lobby subscribes again, and what it notes and tells meanwhile).
// usage: node reconnect.mjs
// Prints node:test's report, then "reconnect: all checks passed" and exits 0 when every test passed; exits 1 otherwise.
import assert from "node:assert/strict";
import { copyFile, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, afterEach, beforeEach, describe, mock, test } from "node:test";
import { pathToFileURL } from "node:url";

// webapp/ has no package.json, so node would read its files as CommonJS; these import each other, so they are copied
// beside a package.json that says they are ES modules, as the browser reads them
const modules = await mkdtemp(join(tmpdir(), "socketchat-webapp-"));
after(() => rm(modules, { recursive: true, force: true }));
await writeFile(join(modules, "package.json"), '{"type":"module"}');
for (const file of ["chat-socket.js", "reconnect.js", "session.js"]) {
  await copyFile(new URL("../../../webapp/" + file, import.meta.url), join(modules, file));
}
const { ChatOffline, ChatSocket } = await import(pathToFileURL(join(modules, "chat-socket.js")).href);
const { HISTORY_PAGE, Session, isNews, olderMessages, oldestSeq, placeOf, readResume, startOver } = await import(
  pathToFileURL(join(modules, "session.js")).href
);
const { Reconnection, REJOIN_GIVE_UP_MS, REJOIN_RETRY_MS } = await import(
  pathToFileURL(join(modules, "reconnect.js")).href
);
// node:test sets the exit code when a test failed; NodeScript looks for this line as well as for exit code 0
process.on("exit", (code) => {
  if (code === 0) {
    console.log("reconnect: all checks passed");
  }
});

/** The browser's WebSocket as far as ChatSocket uses it; the check opens and drops it, and `server` answers it. */
class FakeWebSocket {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSING = 2;
  static CLOSED = 3;
  /** Every socket made, oldest first. */
  static made = [];
  /** Answers a request (the parsed frame) with a reply, or with nothing. */
  static server = () => undefined;

  readyState = FakeWebSocket.CONNECTING;
  sent = [];
  closedWith = null;

  constructor(url) {
    this.url = url;
    FakeWebSocket.made.push(this);
  }

  static latest() {
    return FakeWebSocket.made.at(-1);
  }

  open() {
    this.readyState = FakeWebSocket.OPEN;
    this.onopen?.({});
  }

  /** The network goes away: the socket closes without a close frame. */
  drop() {
    this.readyState = FakeWebSocket.CLOSED;
    this.onclose?.({ code: 1006, wasClean: false });
  }

  /** The server closes the socket with a close frame. */
  closeByServer(code, reason) {
    this.readyState = FakeWebSocket.CLOSED;
    this.onclose?.({ code, reason, wasClean: true });
  }

  send(data) {
    const message = JSON.parse(data);
    this.sent.push(message);
    const reply = FakeWebSocket.server(message);
    if (reply) {
      queueMicrotask(() => this.onmessage?.({ data: JSON.stringify({ ...reply, requestId: message.requestId }) }));
    }
  }

  close(code) {
    this.closedWith = code;
    this.readyState = FakeWebSocket.CLOSED;
  }
}

globalThis.WebSocket = FakeWebSocket;
globalThis.window = new EventTarget();

/** Lets every promise reaction that is due run (timers are fake; setImmediate is not). */
async function settle() {
  for (let i = 0; i < 5; i++) {
    await new Promise((next) => setImmediate(next));
  }
}

/** The types of the requests every socket sent, in order. */
const requests = () => FakeWebSocket.made.flatMap((socket) => socket.sent.map((message) => message.type));

beforeEach(() => {
  FakeWebSocket.made = [];
  FakeWebSocket.server = () => undefined;
  mock.timers.enable({ apis: ["setTimeout", "Date"], now: 1_000_000 });
  mock.method(Math, "random", () => 0.5); // no jitter: each wait is exactly its base
});

afterEach(() => {
  mock.timers.reset();
  mock.restoreAll();
});

describe("ChatSocket", () => {
  test("waits 0.5 s, 1 s, 2 s, 4 s and 8 s between failed attempts, and never longer than 8 s", () => {
    const socket = new ChatSocket("ws://chat.test/chat");
    socket.start();
    assert.equal(socket.state, "connecting");
    for (const wait of [500, 1000, 2000, 4000, 8000, 8000, 8000]) {
      const attempts = FakeWebSocket.made.length;
      FakeWebSocket.latest().drop();
      assert.equal(socket.state, "waiting");
      assert.equal(socket.retryAt - Date.now(), wait);
      mock.timers.tick(wait - 1);
      assert.equal(FakeWebSocket.made.length, attempts, `no attempt before ${wait} ms`);
      mock.timers.tick(1);
      assert.equal(FakeWebSocket.made.length, attempts + 1, `an attempt after ${wait} ms`);
      assert.equal(socket.state, "connecting", "never open yet");
    }
    socket.stop();
  });

  test("jitters each wait by at most a fifth either way", () => {
    const socket = new ChatSocket("ws://chat.test/chat");
    socket.start();
    Math.random.mock.mockImplementation(() => 0);
    FakeWebSocket.latest().drop();
    assert.equal(socket.retryAt - Date.now(), 400);
    mock.timers.tick(400);
    Math.random.mock.mockImplementation(() => 0.999999);
    FakeWebSocket.latest().drop();
    assert.equal(socket.retryAt - Date.now(), 1200);
    socket.stop();
  });

  test("an open connection starts the waits over, and one that is lost says so and reconnects", () => {
    const socket = new ChatSocket("ws://chat.test/chat");
    const events = [];
    socket.addEventListener("open", (event) => events.push(`open reconnected=${event.detail.reconnected}`));
    socket.addEventListener("lost", () => events.push("lost"));
    socket.start();
    FakeWebSocket.latest().drop();
    mock.timers.tick(500);
    FakeWebSocket.latest().drop();
    mock.timers.tick(1000);
    FakeWebSocket.latest().open();
    assert.equal(socket.state, "open");
    FakeWebSocket.latest().drop();
    assert.equal(socket.retryAt - Date.now(), 500);
    mock.timers.tick(500);
    FakeWebSocket.latest().open();
    assert.deepEqual(events, ["open reconnected=false", "lost", "open reconnected=true"]);
    assert.equal(FakeWebSocket.made.length, 4);
    socket.stop();
  });

  test("a deliberate stop closes with 1000 and never reconnects, whether open or waiting", () => {
    const open = new ChatSocket("ws://chat.test/chat");
    open.start();
    const first = FakeWebSocket.latest();
    first.open();
    open.stop();
    assert.equal(first.closedWith, 1000);
    assert.equal(open.state, "closed");

    const waiting = new ChatSocket("ws://chat.test/chat");
    waiting.start();
    FakeWebSocket.latest().drop();
    waiting.stop();
    waiting.retryNow();
    window.dispatchEvent(new Event("online"));
    mock.timers.tick(10 * 60_000);
    assert.equal(FakeWebSocket.made.length, 2);
    assert.equal(waiting.state, "closed");
  });

  test("Retry now and the network coming back skip the wait", () => {
    const socket = new ChatSocket("ws://chat.test/chat");
    socket.start();
    FakeWebSocket.latest().drop();
    socket.retryNow();
    assert.equal(FakeWebSocket.made.length, 2);
    FakeWebSocket.latest().drop();
    window.dispatchEvent(new Event("online"));
    assert.equal(FakeWebSocket.made.length, 3);
    mock.timers.tick(60_000);
    assert.equal(FakeWebSocket.made.length, 3, "the skipped wait does not make another attempt later");
    socket.stop();
  });

  test("a request pending when the connection drops fails with ChatOffline, naming the request it was", async () => {
    const socket = new ChatSocket("ws://chat.test/chat");
    socket.start();
    FakeWebSocket.latest().open();
    const pending = socket.request({ type: "CLIENT_ROOM_LIST" });
    const sent = FakeWebSocket.latest().sent.at(-1);
    FakeWebSocket.latest().drop();
    await assert.rejects(pending, (failure) => failure instanceof ChatOffline && failure.requestId === sent.requestId);
    await assert.rejects(socket.request({ type: "CLIENT_ROOM_LIST" }), (failure) => failure.requestId === undefined);
    socket.stop();
  });
});

/** A page as Reconnection sees it, following a ChatSocket on fake WebSockets; `log` is what the person is shown. */
function aPage({ nickname = "me", view = "room" } = {}) {
  const rooms = new Map();
  const log = [];
  const lobby = {
    starts: 0,
    losses: 0,
    start() {
      this.starts++;
    },
    lost() {
      this.losses++;
    },
  };
  const socket = new ChatSocket("ws://chat.test/chat");
  const backs = []; // what the page was told each time it got back: [resumed, keys of rooms replayed in part]
  const page = {
    rooms,
    log,
    backs,
    lobby,
    socket,
    view,
    room(key, id, name, owner, members = [owner, nickname], seq = 0) {
      const room = { key, id, name, owner, members: [...members], joined: true, lostAt: 0, seq };
      rooms.set(key, room);
      return room;
    },
  };
  const reconnection = new Reconnection(rooms, {
    nickname: () => nickname,
    request: (message) => socket.request(message).then((reply) => reconnection.remember(reply)),
    lobby: () => lobby,
    lobbyShown: () => page.view === "lobby",
    note: (room, key) => log.push(`${room.name}: ${key}`),
    forget: (room, key) => {
      rooms.delete(room.key);
      log.push(`${room.name}: ${key}`);
    },
    tell: (key) => log.push(key),
    insert: (room, messages) => log.push(`${room.name}: insert ${messages.map((message) => message.seq).join(",")}`),
    changed: (room) => log.push(`${room.name}: changed`),
    back: (resumed, lacking) => backs.push([resumed, [...lacking]]),
    offline: () => log.push("offline"),
  });
  reconnection.follow(socket);
  socket.start();
  FakeWebSocket.latest().open();
  page.reconnection = reconnection;
  return page;
}

/** The server after a restart or a drop: answers as `rooms` (roomID, roomName, owner, members) says. */
function serverWith(rooms, { refuseJoin = {}, nextRoomID = 100 } = {}) {
  FakeWebSocket.server = (message) => {
    switch (message.type) {
      case "CLIENT_ROOM_LIST":
        return { type: "SERVER_ROOM_LIST", status: true, rooms };
      case "CLIENT_ROOM_CREATE":
        return { type: "SERVER_ROOM_CREATE", status: true, roomID: nextRoomID++, roomName: message.roomName };
      case "CLIENT_ROOM_JOIN": {
        if (refuseJoin[message.roomID]) {
          return { type: "SERVER_ROOM_JOIN", status: false, reason: refuseJoin[message.roomID] };
        }
        const room = rooms.find((entry) => entry.roomID === message.roomID);
        return {
          type: "SERVER_ROOM_JOIN",
          status: true,
          roomID: room.roomID,
          roomName: room.roomName,
          owner: room.owner,
          members: [...room.members, message.userName],
        };
      }
      default:
        return { type: message.type.replace("CLIENT_", "SERVER_"), status: true, roomID: message.roomID };
    }
  };
}

/** Drops the connection and lets the page connect again after the first wait. */
async function dropAndReconnect(page) {
  FakeWebSocket.latest().drop();
  mock.timers.tick(500);
  FakeWebSocket.latest().open();
  await settle();
}

describe("Reconnection", () => {
  test("a lost connection notes it in every room, ends the lobby subscription and tells the page once", () => {
    const page = aPage();
    page.room(1, 3, "tea", "ann");
    page.room(2, 4, "mine", "me", ["me"]);
    FakeWebSocket.latest().drop();
    assert.deepEqual(page.log, ["tea: log.connectionLost", "mine: log.connectionLost", "offline"]);
    assert.equal(page.lobby.losses, 1);
    assert.deepEqual(
      [...page.rooms.values()].map((room) => [room.joined, room.lostAt]),
      [
        [false, Date.now()],
        [false, Date.now()],
      ],
    );
    page.socket.stop();
  });

  test("a reconnect subscribes the lobby again when the lobby is shown, and not when a room is", async () => {
    const page = aPage({ view: "lobby" });
    assert.equal(page.lobby.starts, 1);
    await dropAndReconnect(page);
    assert.equal(page.lobby.starts, 2);
    page.view = "room";
    await dropAndReconnect(page);
    assert.equal(page.lobby.starts, 2);
    assert.equal(page.lobby.losses, 2);
    page.socket.stop();
  });

  test("a reconnect opens again the rooms it owned and rejoins, by number, the rooms of others it was in", async () => {
    const page = aPage();
    const tea = page.room(1, 3, "tea", "ann");
    const mine = page.room(2, 4, "mine", "me", ["me"]);
    serverWith([{ roomID: 3, roomName: "tea", owner: "ann", members: ["ann", "bob"] }], { nextRoomID: 9 });
    await dropAndReconnect(page);
    const sent = FakeWebSocket.latest().sent.map(({ requestId, ...message }) => message);
    assert.deepEqual(sent, [
      { type: "CLIENT_ROOM_CREATE", roomName: "mine", userName: "me" },
      { type: "CLIENT_ROOM_LIST" },
      { type: "CLIENT_ROOM_JOIN", roomID: 3, userName: "me" },
    ]);
    assert.deepEqual(page.log.slice(3), ["mine: log.recreated", "mine: changed", "tea: log.rejoined", "tea: changed"]);
    assert.deepEqual([mine.joined, mine.id, mine.members], [true, 9, ["me"]]);
    assert.deepEqual([tea.joined, tea.id, tea.members], [true, 3, ["ann", "bob", "me"]]);
    mock.timers.tick(10 * REJOIN_RETRY_MS);
    await settle();
    assert.equal(FakeWebSocket.latest().sent.length, 3, "nothing more to do once every room is back");
    page.socket.stop();
  });

  test("after a server restart it finds a room by name and owner, every 2 s until its owner opens it", async () => {
    const page = aPage();
    const tea = page.room(1, 3, "tea", "ann");
    const listed = [];
    serverWith(listed);
    await dropAndReconnect(page);
    assert.deepEqual(requests(), ["CLIENT_ROOM_LIST"]);
    mock.timers.tick(REJOIN_RETRY_MS - 1);
    await settle();
    assert.deepEqual(requests(), ["CLIENT_ROOM_LIST"]);
    listed.push({ roomID: 1, roomName: "tea", owner: "bob", members: ["bob"] });
    mock.timers.tick(1);
    await settle();
    assert.deepEqual(requests(), ["CLIENT_ROOM_LIST", "CLIENT_ROOM_LIST"], "a room of that name by another owner");
    listed.push({ roomID: 2, roomName: "tea", owner: "ann", members: ["ann"] });
    mock.timers.tick(REJOIN_RETRY_MS);
    await settle();
    assert.deepEqual(requests().slice(2), ["CLIENT_ROOM_LIST", "CLIENT_ROOM_JOIN"]);
    assert.deepEqual([tea.joined, tea.id, tea.owner], [true, 2, "ann"]);
    assert.equal(page.log.at(-2), "tea: log.rejoined");
    page.socket.stop();
  });

  test("a room still missing after 2 minutes is given up with a notice, and then not looked for again", async () => {
    const page = aPage();
    const tea = page.room(1, 3, "tea", "ann");
    serverWith([]);
    await dropAndReconnect(page);
    while (Date.now() + REJOIN_RETRY_MS - tea.lostAt <= REJOIN_GIVE_UP_MS) {
      mock.timers.tick(REJOIN_RETRY_MS);
      await settle();
      assert.equal(page.rooms.size, 1, `still looked for ${Date.now() - tea.lostAt} ms after the loss`);
    }
    mock.timers.tick(REJOIN_RETRY_MS);
    await settle();
    assert.equal(page.rooms.size, 0);
    assert.equal(page.log.at(-1), "tea: notice.roomGone");
    const lists = requests().length;
    mock.timers.tick(10 * REJOIN_RETRY_MS);
    await settle();
    assert.equal(requests().length, lists);
    page.socket.stop();
  });

  test("a room the server refuses for good is forgotten at once; one refused for now is tried again", async () => {
    const page = aPage();
    page.room(1, 3, "tea", "ann");
    const busy = page.room(2, 5, "busy", "cat");
    const rooms = [
      { roomID: 3, roomName: "tea", owner: "ann", members: ["ann"] },
      { roomID: 5, roomName: "busy", owner: "cat", members: ["cat"] },
    ];
    const refuseJoin = { 3: "ROOM_FULL", 5: "RATE_LIMITED" };
    serverWith(rooms, { refuseJoin });
    await dropAndReconnect(page);
    assert.deepEqual([...page.rooms.keys()], [2]);
    assert.ok(page.log.includes("tea: notice.roomGone"));
    delete refuseJoin[5];
    mock.timers.tick(REJOIN_RETRY_MS);
    await settle();
    assert.equal(busy.joined, true);
    page.socket.stop();
  });

  test("a room the person left while the page was getting back into it is left again", async () => {
    const page = aPage();
    page.room(1, 3, "tea", "ann");
    page.room(2, 4, "mine", "me", ["me"]);
    const server = [{ roomID: 3, roomName: "tea", owner: "ann", members: ["ann"] }];
    serverWith(server, { nextRoomID: 9 });
    const answer = FakeWebSocket.server;
    FakeWebSocket.server = (message) => {
      page.rooms.clear(); // the person gives up on both rooms while the requests are on their way
      return answer(message);
    };
    await dropAndReconnect(page);
    const sent = FakeWebSocket.latest().sent.map(({ requestId, ...message }) => message);
    assert.deepEqual(sent, [
      { type: "CLIENT_ROOM_CREATE", roomName: "mine", userName: "me" },
      { type: "CLIENT_ROOM_DELETE", roomID: 9, userName: "me" },
    ]);
    page.socket.stop();
  });

  test("a connection lost again while getting back starts over on the next one", async () => {
    const page = aPage();
    const tea = page.room(1, 3, "tea", "ann");
    FakeWebSocket.server = () => undefined; // the list request goes unanswered
    await dropAndReconnect(page);
    assert.deepEqual(requests(), ["CLIENT_ROOM_LIST"]);
    serverWith([{ roomID: 3, roomName: "tea", owner: "ann", members: ["ann"] }]);
    await dropAndReconnect(page);
    assert.deepEqual(requests(), ["CLIENT_ROOM_LIST", "CLIENT_ROOM_LIST", "CLIENT_ROOM_JOIN"]);
    assert.equal(tea.joined, true);
    assert.equal(page.log.filter((line) => line === "tea: log.connectionLost").length, 1, "noted once per loss");
    page.socket.stop();
  });

  test("a page that lets go of its connection (left, or hidden away) does not reconnect", async () => {
    const page = aPage();
    page.room(1, 3, "tea", "ann");
    serverWith([{ roomID: 3, roomName: "tea", owner: "ann", members: ["ann"] }]);
    page.socket.stop();
    page.reconnection.lost();
    mock.timers.tick(REJOIN_GIVE_UP_MS);
    await settle();
    assert.equal(FakeWebSocket.made.length, 1);
    assert.deepEqual(requests(), []);
    assert.equal(page.rooms.get(1).joined, false);
  });

  test("it follows only the newest connection: the one it followed before no longer moves the rooms", async () => {
    const page = aPage();
    const tea = page.room(1, 3, "tea", "ann");
    const old = page.socket;
    const oldWebSocket = FakeWebSocket.latest();
    const newer = new ChatSocket("ws://chat.test/chat");
    page.reconnection.follow(newer);
    newer.start();
    FakeWebSocket.latest().open();
    oldWebSocket.drop();
    assert.equal(tea.joined, true);
    assert.deepEqual(page.log, []);
    old.stop();
    newer.stop();
  });
});

describe("session.js", () => {
  test("the token comes from the replies that carry one; a resume asks for each room after its last seq", () => {
    const session = new Session();
    const rooms = [
      { id: 3, seq: 41 },
      { id: 9, seq: 7 },
    ];
    assert.equal(session.resumeRequest(rooms), null, "no token, nothing to resume");
    session.remember({ type: "SERVER_ROOM_LIST", status: true });
    assert.equal(session.token, null);
    const reply = { type: "SERVER_ROOM_JOIN", status: true, session: "s-1" };
    assert.equal(session.remember(reply), reply, "the reply passes through");
    assert.equal(session.resumeRequest([]), null, "no rooms, nothing to resume");
    assert.deepEqual(session.resumeRequest(rooms), {
      type: "CLIENT_SESSION_RESUME",
      session: "s-1",
      rooms: [
        { roomID: 3, seq: 41 },
        { roomID: 9, seq: 7 },
      ],
    });
    session.clear();
    assert.equal(session.resumeRequest(rooms), null);
  });

  test("a resume reply sorts the rooms into recovered, missed (HISTORY_GONE), renumbered (BAD_SEQ) and gone", () => {
    const [a, b, c, d, e, f] = [1, 2, 3, 4, 5, 6].map((id) => ({ id }));
    const reply = {
      type: "SERVER_SESSION_RESUME",
      status: true,
      rooms: [
        { roomID: 1, recovered: true },
        { roomID: 2, recovered: false, reason: "HISTORY_GONE" },
        { roomID: 3, recovered: false, reason: "NO_SUCH_ROOM" },
        { roomID: 4, recovered: false, reason: "NOT_MEMBER" },
        { roomID: 6, recovered: false, reason: "BAD_SEQ" },
      ],
    };
    assert.deepEqual(readResume(reply, [a, b, c, d, e, f]), {
      recovered: [a],
      missed: [b],
      renumbered: [f],
      gone: [c, d, e],
    });
  });

  test("a replay passes over what was shown: each event once, in order, and unnumbered frames always through", () => {
    const room = { id: 7, seq: 41 };
    const frames = [40, 41, 42, 43, 42, undefined, 44].map((seq) => ({ type: "SERVER_CHAT_SEND", seq }));
    const shown = frames.filter((frame) => isNews(room, frame)).map((frame) => frame.seq);
    assert.deepEqual(shown, [42, 43, undefined, 44]);
    assert.equal(room.seq, 44);
  });

  test("a message goes before the first later numbered entry, not twice, and the oldest number is the lowest", () => {
    const seqs = [undefined, 3, 5, undefined, 9];
    assert.equal(placeOf(seqs, 4), 2);
    assert.equal(placeOf(seqs, 1), 1, "older than all: before the first numbered, after an unnumbered note");
    assert.equal(placeOf(seqs, 12), 5, "newer than all: at the end");
    assert.equal(placeOf(seqs, 6), 4, "after the unnumbered note that came before 9");
    assert.equal(placeOf(seqs, 5), -1, "shown already");
    assert.equal(oldestSeq(seqs), 3);
    assert.equal(oldestSeq([undefined]), undefined);
  });

  test("starting over moves the era on, takes the new seq and stops paging back", () => {
    const room = { id: 7, seq: 41, era: 2, olderDone: false };
    startOver(room, 3);
    assert.deepEqual(room, { id: 7, seq: 3, era: 3, olderDone: true });
  });

  test("older pages are asked for before the oldest shown, one at a time, until one comes back short", async () => {
    const asked = [];
    let answer;
    const request = (message) => {
      asked.push(message);
      return new Promise((resolve) => {
        answer = resolve;
      });
    };
    const room = { id: 7, olderDone: false };
    const first = olderMessages(request, room, 120);
    assert.deepEqual(await olderMessages(request, room, 120), [], "a page on its way: no second request");
    const page = Array.from({ length: HISTORY_PAGE }, (unused, i) => ({ seq: 119 - i, nickname: "ann" }));
    answer({ type: "SERVER_ROOM_HISTORY", status: true, roomID: 7, messages: page });
    const messages = await first;
    const oldestFirst = page.map((message) => message.seq).reverse();
    assert.deepEqual(
      messages.map((message) => message.seq),
      oldestFirst,
      "oldest first",
    );
    assert.equal(room.olderDone, false);
    const second = olderMessages(request, room, 70);
    answer({ type: "SERVER_ROOM_HISTORY", status: true, roomID: 7, messages: [{ seq: 2 }, { seq: 5 }] });
    assert.deepEqual((await second).map((message) => message.seq), [2, 5]);
    assert.equal(room.olderDone, true, "a short page: nothing older");
    assert.deepEqual(await olderMessages(request, room, 2), []);
    assert.deepEqual(
      asked.map(({ type, roomID, before, limit }) => [type, roomID, before, limit]),
      [
        ["CLIENT_ROOM_HISTORY", 7, 120, HISTORY_PAGE],
        ["CLIENT_ROOM_HISTORY", 7, 70, HISTORY_PAGE],
      ],
    );
    const created = { id: 8 };
    assert.deepEqual(await olderMessages(request, created, 1), [], "event 1 is the creation: nothing older");
    assert.equal(created.olderDone, true);
    assert.deepEqual(await olderMessages(request, { id: 9 }, undefined), [], "nothing numbered yet");
    assert.equal(asked.length, 2);
  });

  test("a failed look back lets the next one ask again", async () => {
    const room = { id: 7 };
    await assert.rejects(olderMessages(() => Promise.reject(new ChatOffline()), room, 50), ChatOffline);
    assert.equal(room.loadingOlder, false);
    assert.notEqual(room.olderDone, true);
  });
});

/** The server of a session: answers a resume as `answer` says (a reply, or a refusal reason), else as serverWith. */
function resumingServer(answer, rooms = [], options = {}) {
  serverWith(rooms, options);
  const others = FakeWebSocket.server;
  FakeWebSocket.server = (message) => {
    if (message.type !== "CLIENT_SESSION_RESUME") {
      return others(message);
    }
    const reply = typeof answer === "function" ? answer(message) : answer;
    if (typeof reply === "string") {
      return { type: "SERVER_SESSION_RESUME", status: false, reason: reply };
    }
    return { type: "SERVER_SESSION_RESUME", status: true, session: message.session, userName: "me", ...reply };
  };
}

/** The requests the newest connection sent, without their requestIds. */
const sentOnLatest = () => FakeWebSocket.latest().sent.map(({ requestId, ...message }) => message);

describe("Reconnection with a session", () => {
  test("a reconnect resumes first, with the token and each room's last seq: the rooms are as they were", async () => {
    const page = aPage({ view: "lobby" });
    const tea = page.room(1, 3, "tea", "ann", ["ann", "me"], 41);
    const mine = page.room(2, 4, "mine", "me", ["me"], 7);
    page.reconnection.remember({ type: "SERVER_ROOM_CREATE", status: true, session: "s-1" });
    resumingServer({
      rooms: [
        { roomID: 3, recovered: true },
        { roomID: 4, recovered: true },
      ],
    });
    await dropAndReconnect(page);
    assert.deepEqual(sentOnLatest(), [
      {
        type: "CLIENT_SESSION_RESUME",
        session: "s-1",
        rooms: [
          { roomID: 3, seq: 41 },
          { roomID: 4, seq: 7 },
        ],
      },
    ]);
    assert.equal(page.lobby.starts, 2, "the lobby subscribes again, after the resume went out");
    assert.deepEqual(page.log.slice(3), ["tea: log.resumed", "tea: changed", "mine: log.resumed", "mine: changed"]);
    assert.deepEqual(
      [tea, mine].map((room) => [room.joined, room.id, room.owner, room.seq]),
      [
        [true, 3, "ann", 41],
        [true, 4, "me", 7],
      ],
      "same numbers, same owners, and the seqs move on only with the replayed frames",
    );
    mock.timers.tick(10 * REJOIN_RETRY_MS);
    await settle();
    assert.equal(FakeWebSocket.latest().sent.length, 1, "no rejoin, no room opened again");
    assert.equal(page.reconnection.session, "s-1");
    page.socket.stop();
  });

  test("a room that missed more than it kept stays in, says so and shows the latest messages after it", async () => {
    const page = aPage();
    const tea = page.room(1, 3, "tea", "ann", ["ann", "me"], 41);
    page.reconnection.remember({ session: "s-1" });
    resumingServer({ rooms: [{ roomID: 3, recovered: false, reason: "HISTORY_GONE" }] });
    const answer = FakeWebSocket.server;
    FakeWebSocket.server = (message) =>
      message.type === "CLIENT_ROOM_HISTORY"
        ? { type: "SERVER_ROOM_HISTORY", status: true, roomID: 3, messages: [{ seq: 40 }, { seq: 90 }, { seq: 95 }] }
        : answer(message);
    await dropAndReconnect(page);
    assert.deepEqual(sentOnLatest().slice(1), [{ type: "CLIENT_ROOM_HISTORY", roomID: 3, limit: HISTORY_PAGE }]);
    assert.equal(tea.joined, true);
    assert.deepEqual(page.log.slice(2), ["tea: log.missed", "tea: changed", "tea: insert 90,95"]);
    assert.deepEqual(page.backs, [[true, [1]]], "the page is told the session is back, and which room only in part");
    page.socket.stop();
  });

  test("a room whose numbers the server does not know (BAD_SEQ) stays in, numbers afresh and shows the latest", async () => {
    const page = aPage();
    const tea = page.room(1, 3, "tea", "ann", ["ann", "me"], 500);
    page.reconnection.remember({ session: "s-1" });
    resumingServer({ rooms: [{ roomID: 3, recovered: false, reason: "BAD_SEQ" }] });
    const answer = FakeWebSocket.server;
    FakeWebSocket.server = (message) =>
      message.type === "CLIENT_ROOM_HISTORY"
        ? { type: "SERVER_ROOM_HISTORY", status: true, roomID: 3, messages: [{ seq: 8 }, { seq: 9 }] }
        : answer(message);
    await dropAndReconnect(page);
    assert.deepEqual(sentOnLatest().slice(1), [{ type: "CLIENT_ROOM_HISTORY", roomID: 3, limit: HISTORY_PAGE }]);
    assert.equal(tea.joined, true);
    assert.deepEqual(page.log.slice(2), ["tea: log.missed", "tea: changed", "tea: insert 8,9"]);
    assert.equal(isNews(tea, { type: "SERVER_CHAT_SEND", seq: 10 }), true, "the next event is news, not an old one");
    page.socket.stop();
  });

  test("rooms gone meanwhile are given up with a notice; the others are back", async () => {
    const page = aPage();
    page.room(1, 3, "tea", "ann", ["ann", "me"], 41);
    page.room(2, 5, "gone", "bob", ["bob", "me"], 12);
    page.room(3, 6, "out", "cat", ["cat", "me"], 2);
    page.reconnection.remember({ session: "s-1" });
    resumingServer({
      rooms: [
        { roomID: 3, recovered: true },
        { roomID: 5, recovered: false, reason: "NO_SUCH_ROOM" },
        { roomID: 6, recovered: false, reason: "NOT_MEMBER" },
      ],
    });
    await dropAndReconnect(page);
    assert.deepEqual([...page.rooms.keys()], [1]);
    assert.deepEqual(page.log.slice(4), [
      "tea: log.resumed",
      "tea: changed",
      "gone: notice.roomGone",
      "out: notice.roomGone",
    ]);
    page.socket.stop();
  });

  test("a refused resume (SESSION_EXPIRED) says so, forgets the token and gets back in as today", async () => {
    const page = aPage();
    const tea = page.room(1, 3, "tea", "ann", ["ann", "me"], 41);
    const mine = page.room(2, 4, "mine", "me", ["me"], 7);
    page.reconnection.remember({ session: "s-1" });
    resumingServer("SESSION_EXPIRED", [{ roomID: 3, roomName: "tea", owner: "ann", members: ["ann"] }], {
      nextRoomID: 9,
    });
    await dropAndReconnect(page);
    assert.deepEqual(
      sentOnLatest().map((message) => message.type),
      ["CLIENT_SESSION_RESUME", "CLIENT_ROOM_CREATE", "CLIENT_ROOM_LIST", "CLIENT_ROOM_JOIN"],
    );
    assert.equal(page.log[3], "notice.sessionExpired");
    assert.deepEqual(page.backs, [[false, []]], "the page is told nothing it missed will come");
    assert.deepEqual([mine.joined, mine.id, mine.olderDone, tea.joined, tea.olderDone], [true, 9, true, true, true]);
    assert.deepEqual([mine.era, tea.era], [1, 1], "the rooms start over: the numbers shown before no longer count");
    assert.equal(page.reconnection.session, null);
    await dropAndReconnect(page);
    assert.notEqual(sentOnLatest()[0].type, "CLIENT_SESSION_RESUME", "no token left: no resume");
    page.socket.stop();
  });

  test("a connection the server closed for flooding says so when the resume is refused, not that it was away", async () => {
    const page = aPage();
    page.room(1, 3, "tea", "ann", ["ann", "me"], 41);
    page.reconnection.remember({ session: "s-1" });
    resumingServer("SESSION_EXPIRED", [{ roomID: 3, roomName: "tea", owner: "ann", members: ["ann"] }]);
    FakeWebSocket.latest().closeByServer(1008, "flooding: refused too often in a row");
    mock.timers.tick(500);
    FakeWebSocket.latest().open();
    await settle();
    assert.ok(page.log.includes("notice.flooded"), page.log.join(" | "));
    assert.ok(!page.log.includes("notice.sessionExpired"));
    await dropAndReconnect(page);
    page.reconnection.remember({ session: "s-2" });
    await dropAndReconnect(page);
    assert.equal(page.log.filter((line) => line === "notice.flooded").length, 1, "a later drop is no flood");
    assert.equal(page.log.filter((line) => line === "notice.sessionExpired").length, 1);
    page.socket.stop();
  });

  test("a connection lost while resuming resumes again on the next one", async () => {
    const page = aPage();
    const tea = page.room(1, 3, "tea", "ann", ["ann", "me"], 41);
    page.reconnection.remember({ session: "s-1" });
    FakeWebSocket.server = () => undefined; // the resume goes unanswered
    await dropAndReconnect(page);
    resumingServer({ rooms: [{ roomID: 3, recovered: true }] });
    await dropAndReconnect(page);
    assert.deepEqual(requests(), ["CLIENT_SESSION_RESUME", "CLIENT_SESSION_RESUME"]);
    assert.equal(tea.joined, true);
    page.socket.stop();
  });

  test("a room the person left while away is let go once the resume has given its seat back", async () => {
    const page = aPage();
    page.room(1, 3, "tea", "ann", ["ann", "me"], 41);
    page.room(2, 4, "mine", "me", ["me"], 7);
    page.reconnection.remember({ session: "s-1" });
    resumingServer((message) => {
      page.rooms.clear(); // the person gives up on both rooms while the resume is on its way
      return { rooms: message.rooms.map(({ roomID }) => ({ roomID, recovered: true })) };
    });
    await dropAndReconnect(page);
    assert.deepEqual(sentOnLatest().slice(1), [
      { type: "CLIENT_ROOM_EXIT", roomID: 3, userName: "me" },
      { type: "CLIENT_ROOM_DELETE", roomID: 4, userName: "me" },
    ]);
    page.socket.stop();
  });

  test("rooms left while away are asked for by the next resume and let go; without a session, not", async () => {
    const page = aPage();
    page.room(1, 3, "tea", "ann", ["ann", "me"], 41);
    const mine = page.room(2, 4, "mine", "me", ["me"], 7);
    page.reconnection.remember({ session: "s-1" });
    resumingServer((message) => ({ rooms: message.rooms.map(({ roomID }) => ({ roomID, recovered: true })) }));
    FakeWebSocket.latest().drop();
    page.rooms.delete(2); // the person leaves their own room while offline: the page forgets it at once
    page.reconnection.givenUp(mine);
    mock.timers.tick(500);
    FakeWebSocket.latest().open();
    await settle();
    assert.deepEqual(sentOnLatest(), [
      {
        type: "CLIENT_SESSION_RESUME",
        session: "s-1",
        rooms: [
          { roomID: 3, seq: 41 },
          { roomID: 4, seq: 7 },
        ],
      },
      { type: "CLIENT_ROOM_DELETE", roomID: 4, userName: "me" },
    ]);
    assert.deepEqual([...page.rooms.keys()], [1]);
    await dropAndReconnect(page);
    assert.deepEqual(sentOnLatest()[0].rooms, [{ roomID: 3, seq: 41 }], "let go once, not asked for again");

    page.reconnection.letGo();
    const tea = page.rooms.get(1);
    page.rooms.delete(1);
    page.reconnection.givenUp(tea);
    await dropAndReconnect(page);
    assert.deepEqual(sentOnLatest(), [], "no session: the close ended the seats, nothing to let go");
    page.socket.stop();
  });

  test("a join whose reply was lost is asked for from the join on by the next resume, and its seat let go", async () => {
    const page = aPage();
    page.room(1, 3, "tea", "ann", ["ann", "me"], 41);
    page.reconnection.remember({ session: "s-1" });
    resumingServer((message) => ({ rooms: message.rooms.map(({ roomID }) => ({ roomID, recovered: true })) }));
    FakeWebSocket.latest().drop();
    page.reconnection.joinInDoubt(9); // the join went out, its reply went with the connection
    mock.timers.tick(500);
    FakeWebSocket.latest().open();
    await settle();
    assert.deepEqual(sentOnLatest(), [
      {
        type: "CLIENT_SESSION_RESUME",
        session: "s-1",
        rooms: [
          { roomID: 3, seq: 41 },
          { roomID: 9, seq: 0 },
        ],
      },
      { type: "CLIENT_ROOM_EXIT", roomID: 9, userName: "me" },
    ]);
    assert.deepEqual([...page.rooms.keys()], [1], "the page does not take up a room it was told it did not join");
    await dropAndReconnect(page);
    assert.deepEqual(sentOnLatest()[0].rooms, [{ roomID: 3, seq: 41 }], "let go once, not asked for again");
    page.socket.stop();
  });

  test("a room whose create's reply was lost is found by name after the resume and left, once", async () => {
    const page = aPage();
    page.room(1, 3, "tea", "ann", ["ann", "me"], 41);
    page.reconnection.remember({ session: "s-1" });
    const listed = [
      { roomID: 3, roomName: "tea", owner: "ann", members: 2 },
      { roomID: 7, roomName: "plans", owner: "me", members: 1 }, // the session's, made as the connection went
      { roomID: 8, roomName: "plans", owner: "ann", members: 1 },
      { roomID: 9, roomName: "other", owner: "me", members: 1 },
    ];
    resumingServer({ rooms: [{ roomID: 3, recovered: true }] }, listed);
    FakeWebSocket.latest().drop();
    page.reconnection.createInDoubt("plans");
    mock.timers.tick(500);
    FakeWebSocket.latest().open();
    await settle();
    assert.deepEqual(sentOnLatest().slice(1), [
      { type: "CLIENT_ROOM_LIST" },
      // left, which ends it, not deleted: a moderator's delete would also end a namesake's room of that name
      { type: "CLIENT_ROOM_EXIT", roomID: 7, userName: "me" },
    ]);
    await dropAndReconnect(page);
    assert.deepEqual(requests().slice(-1), ["CLIENT_SESSION_RESUME"], "looked for once, not again");
    page.socket.stop();
  });

  test("a create whose reply was lost while the page was in no room is settled by a resume all the same", async () => {
    const page = aPage({ view: "lobby" });
    page.reconnection.remember({ session: "s-1" }); // its first room was left: the session goes on, in no room
    resumingServer({ rooms: [] }, [{ roomID: 7, roomName: "plans", owner: "me", members: 1 }]);
    FakeWebSocket.latest().drop();
    page.reconnection.createInDoubt("plans");
    mock.timers.tick(500);
    FakeWebSocket.latest().open();
    await settle();
    assert.deepEqual(sentOnLatest().slice(0, 3), [
      { type: "CLIENT_SESSION_RESUME", session: "s-1", rooms: [] },
      { type: "CLIENT_ROOM_LIST" },
      { type: "CLIENT_ROOM_EXIT", roomID: 7, userName: "me" },
    ]);
    page.socket.stop();
  });

  test("a resume for a lost create alone that is refused tells nothing: no room of the page's was lost", async () => {
    const page = aPage({ view: "lobby" });
    page.reconnection.remember({ session: "s-1" });
    resumingServer("SESSION_EXPIRED");
    FakeWebSocket.latest().drop();
    page.reconnection.createInDoubt("plans");
    mock.timers.tick(500);
    FakeWebSocket.latest().open();
    await settle();
    assert.equal(sentOnLatest()[0].type, "CLIENT_SESSION_RESUME");
    assert.ok(!page.log.includes("notice.sessionExpired"), page.log.join("; "));
    page.socket.stop();
  });

  test("a page that lets go of its connection, or starts a new one, ends its session: no resume then", async () => {
    const page = aPage();
    const tea = page.room(1, 3, "tea", "ann", ["ann", "me"], 41);
    page.reconnection.remember({ session: "s-1" });
    page.reconnection.letGo();
    assert.equal(page.reconnection.session, null);
    serverWith([{ roomID: 3, roomName: "tea", owner: "ann", members: ["ann"] }]);
    await dropAndReconnect(page);
    assert.deepEqual(requests(), ["CLIENT_ROOM_LIST", "CLIENT_ROOM_JOIN"]);
    assert.equal(tea.joined, true);

    page.reconnection.remember({ session: "s-2" });
    const next = new ChatSocket("ws://chat.test/chat");
    page.reconnection.follow(next);
    assert.equal(page.reconnection.session, null, "a new connection of the page's own: the old session ended");
    page.socket.stop();
  });
});
