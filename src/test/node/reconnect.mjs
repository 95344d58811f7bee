// Checks the chat page's lost-connection behaviour with node:test on a fake WebSocket and fake timers (no real
// waiting): webapp/chat-socket.js (ChatSocket: backoff, reconnect, a deliberate stop) and webapp/reconnect.js
// (Reconnection: the lobby subscribes again, the page gets back into its rooms, and what it notes and tells meanwhile).
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
for (const file of ["chat-socket.js", "reconnect.js"]) {
  await copyFile(new URL("../../../webapp/" + file, import.meta.url), join(modules, file));
}
const { ChatOffline, ChatSocket } = await import(pathToFileURL(join(modules, "chat-socket.js")).href);
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

  test("a request pending when the connection drops fails with ChatOffline", async () => {
    const socket = new ChatSocket("ws://chat.test/chat");
    socket.start();
    FakeWebSocket.latest().open();
    const pending = socket.request({ type: "CLIENT_ROOM_LIST" });
    FakeWebSocket.latest().drop();
    await assert.rejects(pending, ChatOffline);
    await assert.rejects(socket.request({ type: "CLIENT_ROOM_LIST" }), ChatOffline);
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
  const page = {
    rooms,
    log,
    lobby,
    socket,
    view,
    room(key, id, name, owner, members = [owner, nickname]) {
      const room = { key, id, name, owner, members: [...members], joined: true, lostAt: 0 };
      rooms.set(key, room);
      return room;
    },
  };
  const reconnection = new Reconnection(rooms, {
    nickname: () => nickname,
    request: (message) => socket.request(message),
    lobby: () => lobby,
    lobbyShown: () => page.view === "lobby",
    note: (room, key) => log.push(`${room.name}: ${key}`),
    forget: (room, key) => {
      rooms.delete(room.key);
      log.push(`${room.name}: ${key}`);
    },
    changed: (room) => log.push(`${room.name}: changed`),
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
