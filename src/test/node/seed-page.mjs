// Does what the seed chat pages do with socket.io-client 4.8, against a socketchat server, and checks what arrives.
// Two page styles share the room: the PHP pages (handshake room; join_room {msg, type}; chatting "plain text") and the
// React pages (join_room {idx, name, type, mem_cnt}; chatting {idx, name, msg}; listening to chatting and join_room).
// usage: node seed-page.mjs <ws-url e.g. ws://127.0.0.1:8080> <socket.io path e.g. /socket.io/> <room key>
// Prints one line per check; exits 0 when all passed, 1 with the failure otherwise.
import { io } from "socket.io-client";
import assert from "node:assert/strict";

const [url, path, room] = process.argv.slice(2);
if (!url || !path || !room) {
  console.error("usage: node seed-page.mjs <ws-url> <socket.io path> <room key>");
  process.exit(2);
}
const WAIT_MS = 10_000;
const TOTAL_MS = 90_000;
const CLOCK = /^(오전|오후) (0[1-9]|1[0-2]):[0-5][0-9]$/;
const sockets = [];
let checks = 0;

const overall = setTimeout(() => fail(new Error(`not done within ${TOTAL_MS} ms`)), TOTAL_MS);

/** A chat page's socket: `io(url, {path, transports, query: {name, room}})`, every event it receives queued. */
function page(name, { handshakeRoom = room, ...options } = {}) {
  const socket = io(url, {
    path,
    transports: ["websocket", "polling"],
    query: { name, room: handshakeRoom },
    reconnection: false,
    ...options,
  });
  const received = [];
  const waiters = [];
  socket.onAny((event, body) => {
    received.push({ event, body });
    waiters.splice(0).forEach((wake) => wake());
  });
  /** The next event the page received, which must be `event`; waits at most WAIT_MS. */
  socket.next = async (event) => {
    const deadline = Date.now() + WAIT_MS;
    while (received.length === 0) {
      if (Date.now() > deadline) throw new Error(`${name}: no ${event} within ${WAIT_MS} ms`);
      await new Promise((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
    const first = received.shift();
    assert.equal(first.event, event, `${name} expected ${event}, got ${JSON.stringify(first)}`);
    return first.body;
  };
  /** An entry notice comes on chatting and on join_room with the same payload; returns it. */
  socket.nextEntry = async () => {
    const onChatting = await socket.next("chatting");
    const onJoinRoom = await socket.next("join_room");
    assert.deepEqual(onJoinRoom, onChatting, `${name}: join_room and chatting carry the same entry notice`);
    return onChatting;
  };
  socket.nothingElse = () => assert.deepEqual(received, [], `${name} got more than expected`);
  sockets.push(socket);
  return socket;
}

/** Emits with an ack and returns the ack's payload. */
function ask(socket, event, ...args) {
  return socket.timeout(WAIT_MS).emitWithAck(event, ...args);
}

function connected(socket) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no connect within " + WAIT_MS + " ms")), WAIT_MS);
    socket.once("connect", () => { clearTimeout(timer); resolve(); });
    socket.once("connect_error", (err) => { clearTimeout(timer); reject(err); });
  });
}

function refused(socket) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no connect_error within " + WAIT_MS + " ms")), WAIT_MS);
    socket.once("connect", () => { clearTimeout(timer); reject(new Error("connected despite a bad handshake")); });
    socket.once("connect_error", (err) => { clearTimeout(timer); resolve(err); });
  });
}

function ok(what) {
  checks++;
  console.log("ok " + checks + " " + what);
}

function fail(failure) {
  console.error("FAILED: " + (failure.stack || failure));
  sockets.forEach((socket) => socket.disconnect());
  process.exit(1);
}

/** A recent ISO-8601 UTC instant such as 2026-11-23T04:30:00.123Z. */
function checkTimestamp(text) {
  assert.equal(typeof text, "string", "timestamp is a string");
  assert.match(text, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/, "timestamp is ISO-8601 UTC to the millisecond");
  assert.ok(Math.abs(Date.parse(text) - Date.now()) < 120_000, "timestamp is about now: " + text);
}

/** A notice exactly: {msg, type:"notice", size, name, room, timestamp}. */
function checkNotice(body, { msg, size, name }) {
  checkTimestamp(body?.timestamp);
  assert.deepEqual(body, { msg, type: "notice", size, name, room, timestamp: body.timestamp });
}

/** A message exactly: {msg, name, type:"chat", time:"오후 03:15", view, room, timestamp}. */
function checkChat(body, { msg, name, view }) {
  checkTimestamp(body?.timestamp);
  assert.match(body.time, CLOCK, "time is 오전/오후 hh:mm");
  assert.deepEqual(body, { msg, name, type: "chat", time: body.time, view, room, timestamp: body.timestamp });
}

function checkRefusal(answer, reason) {
  assert.equal(answer.status, false, "refused: " + JSON.stringify(answer));
  assert.equal(answer.reason, reason, "reason of " + JSON.stringify(answer));
  assert.equal(typeof answer.detail, "string");
  assert.ok(answer.detail.length > 0, "a detail says why");
}

const entered = (name) => `${name} 님이 입장하셨습니다.`;
const left = (name) => `${name} 님이 퇴장하셨습니다.`;
const sentOut = (name) => `${name} 님을 챗방에서 내보냈습니다.`;

try {
  // --- PHP pages --------------------------------------------------------------------------------------------------
  const alice = page("alice");
  await connected(alice);
  assert.equal(alice.io.engine.transport.name, "websocket");
  checkRefusal(await ask(alice, "chatting", "too early"), "NOT_MEMBER");
  ok("a page is in no room until it emits join_room: chatting first is refused NOT_MEMBER");

  alice.emit("join_room", { msg: "클라이언트 첫 입장", type: 0 });
  checkNotice(await alice.nextEntry(), { msg: entered("alice"), size: 1, name: "alice" });
  ok("a first entry (type 0) is announced to the newcomer on chatting and join_room, size = members connected");

  const bob = page("bob");
  await connected(bob);
  bob.emit("join_room", { msg: "클라이언트 첫 입장", type: 0 });
  for (const member of [alice, bob]) {
    checkNotice(await member.nextEntry(), { msg: entered("bob"), size: 2, name: "bob" });
  }
  ok("everyone in the room, the newcomer included, sees the next first entry");

  const carol = page("carol");
  await connected(carol);
  // acks only to know carol is in before bob speaks (another socket): the page itself emits without one
  assert.deepEqual(await ask(carol, "join_room", { msg: "클라이언트 첫 입장", type: 1 }), { status: true });
  bob.emit("chatting", "plain text");
  for (const member of [alice, bob, carol]) {
    checkChat(await member.next("chatting"), { msg: "plain text", name: "bob", view: 3 });
  }
  ok("a returning entry (type 1) is silent; a plain-text chatting reaches every member, the sender included");

  // --- React pages ------------------------------------------------------------------------------------------------
  const dave = page("dave", { handshakeRoom: "react-lobby" });
  await connected(dave);
  dave.emit("join_room", { idx: room, name: "dave", type: 0, mem_cnt: 5 });
  for (const member of [alice, bob, carol, dave]) {
    checkNotice(await member.nextEntry(), { msg: entered("dave"), size: 5, name: "dave" });
  }
  ok("a React page joins the room its idx names; the entry notice's size is its mem_cnt");

  dave.emit("chatting", { idx: room, name: "누군가", msg: "리액트에서 안녕" });
  for (const member of [alice, bob, carol, dave]) {
    checkChat(await member.next("chatting"), { msg: "리액트에서 안녕", name: "dave", view: 4 });
  }
  ok("a React chatting {idx, name, msg} speaks as the handshake name, whatever name the payload gives");

  // --- acks -------------------------------------------------------------------------------------------------------
  checkRefusal(await ask(bob, "chatting", "x".repeat(129)), "BAD_MESSAGE");
  checkRefusal(await ask(dave, "chatting", { idx: room, name: "dave", msg: "x".repeat(129) }), "BAD_MESSAGE");
  checkRefusal(await ask(dave, "chatting", { idx: room + "-elsewhere", name: "dave", msg: "hi" }), "NOT_MEMBER");
  checkRefusal(await ask(carol, "join_room", { msg: "클라이언트 첫 입장", type: 7 }), "BAD_TYPE");
  checkRefusal(await ask(dave, "join_room", { idx: room, name: "dave", type: 0, mem_cnt: -1 }), "BAD_MEMBER_COUNT");
  checkRefusal(await ask(alice, "exit_room", {}), "BAD_USER_NAME");
  assert.deepEqual(await ask(carol, "chatting", "안녕 👋"), { status: true });
  for (const member of [alice, bob, carol, dave]) {
    checkChat(await member.next("chatting"), { msg: "안녕 👋", name: "carol", view: 4 });
  }
  ok("acks: {status:false, reason, detail} for refusals (BAD_MESSAGE, NOT_MEMBER, BAD_TYPE, BAD_MEMBER_COUNT, " +
    "BAD_USER_NAME), which nobody hears of; {status:true} for a delivered message");

  // --- leave_room and exit_room -----------------------------------------------------------------------------------
  carol.emit("leave_room", {});
  for (const member of [alice, bob, dave]) {
    checkNotice(await member.next("chatting"), { msg: left("carol"), size: 3, name: "carol" });
  }
  checkRefusal(await ask(carol, "chatting", "still here?"), "NOT_MEMBER");
  ok("leave_room tells the others only, size = the members left, and the page is out of the room");

  alice.emit("exit_room", { name: "bob" });
  for (const member of [alice, bob, dave]) {
    checkNotice(await member.next("chatting"), { msg: sentOut("bob"), size: 3, name: "bob" });
  }
  dave.emit("exit_room", { idx: room, name: "bob", mem_cnt: 5 });
  for (const member of [alice, bob, dave]) {
    checkNotice(await member.next("chatting"), { msg: sentOut("bob"), size: 4, name: "bob" });
  }
  alice.emit("chatting", "bob is still here");
  for (const member of [alice, bob, dave]) {
    checkChat(await member.next("chatting"), { msg: "bob is still here", name: "alice", view: 3 });
  }
  ok("exit_room {name} announces the removal to everyone, the sender included (size = mem_cnt-1 or members " +
    "connected), and removes nobody");

  dave.emit("leave_room", { idx: room, mem_cnt: 5 });
  for (const member of [alice, bob]) {
    checkNotice(await member.next("chatting"), { msg: left("dave"), size: 4, name: "dave" });
  }
  assert.deepEqual(await ask(dave, "join_room", { idx: room, name: "dave", type: 1, mem_cnt: 4 }), { status: true });
  ok("a React page's leave_room {mem_cnt} gives size mem_cnt-1; its returning join_room (type 1) is silent");

  // --- transports -------------------------------------------------------------------------------------------------
  const erin = page("erin", { transports: ["polling", "websocket"] });
  const upgraded = new Promise((resolve) => {
    erin.io.once("open", () => {
      assert.equal(erin.io.engine.transport.name, "polling");
      erin.io.engine.once("upgrade", (transport) => resolve(transport.name));
    });
  });
  await connected(erin);
  assert.equal(await upgraded, "websocket");
  erin.emit("join_room", { msg: "클라이언트 첫 입장", type: 0 });
  for (const member of [alice, bob, dave, erin]) {
    checkNotice(await member.nextEntry(), { msg: entered("erin"), size: 4, name: "erin" });
  }
  erin.emit("chatting", "upgraded");
  for (const member of [alice, bob, dave, erin]) {
    checkChat(await member.next("chatting"), { msg: "upgraded", name: "erin", view: 4 });
  }
  ok("a page that starts polling upgrades to WebSocket and chats on");

  erin.disconnect();
  // the server sees erin go in its own time: alice chats until the count says so (each message reaches everyone)
  for (let attempt = 1; ; attempt++) {
    alice.emit("chatting", "after erin left " + attempt);
    const views = [];
    for (const member of [alice, bob, dave]) {
      const chat = await member.next("chatting");
      assert.equal(chat.msg, "after erin left " + attempt, "nothing but alice's messages after erin went");
      views.push(chat.view);
    }
    if (views.every((view) => view === 3)) break;
    assert.ok(attempt < 20, "erin still counted after 20 messages: " + views);
  }
  ok("a page that goes away leaves silently");

  // forceBase64 (pages for old browsers): an attachment travels as a text frame "b" + base64, on WebSocket too
  const frank = page("frank", { transports: ["websocket"], forceBase64: true });
  await connected(frank);
  assert.deepEqual(await ask(frank, "join_room", { msg: "클라이언트 첫 입장", type: 1 }), { status: true });
  checkRefusal(await ask(frank, "chatting", Uint8Array.of(1, 2, 3).buffer), "BINARY_NOT_SUPPORTED");
  frank.emit("chatting", "base64 page");
  for (const member of [alice, bob, dave, frank]) {
    checkChat(await member.next("chatting"), { msg: "base64 page", name: "frank", view: 4 });
  }
  frank.disconnect();
  for (let attempt = 1; ; attempt++) {
    alice.emit("chatting", "after frank left " + attempt);
    const views = [];
    for (const member of [alice, bob, dave]) {
      const chat = await member.next("chatting");
      assert.equal(chat.msg, "after frank left " + attempt, "nothing but alice's messages after frank went");
      views.push(chat.view);
    }
    if (views.every((view) => view === 3)) break;
    assert.ok(attempt < 20, "frank still counted after 20 messages: " + views);
  }
  ok("a forceBase64 page's attachment over WebSocket is refused BINARY_NOT_SUPPORTED and the page chats on");

  // --- handshakes -------------------------------------------------------------------------------------------------
  const nameless = page("", { query: { room } });
  const error = await refused(nameless);
  assert.match(error.message, /name/);
  assert.equal(error.data.reason, "BAD_USER_NAME");
  const tooLong = page("abcdefghijk");
  const tooLongError = await refused(tooLong);
  assert.match(tooLongError.message, /1 to 10/);
  assert.equal(tooLongError.data.reason, "BAD_USER_NAME");
  ok("a bad handshake is refused with a connect_error whose data.reason says why");

  assert.deepEqual(await ask(carol, "join_room", { msg: "클라이언트 첫 입장", type: 1 }), { status: true });
  alice.emit("chatting", "마지막");
  for (const member of [alice, bob, carol, dave]) {
    checkChat(await member.next("chatting"), { msg: "마지막", name: "alice", view: 4 });
  }
  for (const member of [alice, bob, carol, dave]) member.nothingElse();
  ok("nobody received anything else");
  sockets.forEach((socket) => socket.disconnect());
  clearTimeout(overall);
  console.log(`seed page: ${checks} checks passed`);
  process.exit(0);
} catch (failure) {
  fail(failure);
}
