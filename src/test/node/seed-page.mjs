// Does what the seed chat pages do with socket.io-client 4.8, against a socketchat server, and checks what arrives.
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
const sockets = [];
let checks = 0;

function page(name, options = {}) {
  // the seed page: io('ws://host:3000', { transports: ['websocket', 'polling'], query: { name, room } })
  const socket = io(url, {
    path,
    transports: ["websocket", "polling"],
    query: { name, room },
    reconnection: false,
    ...options,
  });
  const received = [];
  const waiters = [];
  for (const event of ["join_room", "chatting", "exit_room"]) {
    socket.on(event, (body) => {
      received.push({ event, body });
      waiters.splice(0).forEach((wake) => wake());
    });
  }
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
  socket.nothingElse = () => assert.deepEqual(received, [], `${name} got more than expected`);
  sockets.push(socket);
  return socket;
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

function isIsoTime(text) {
  return typeof text === "string" && !Number.isNaN(Date.parse(text)) && text.endsWith("Z");
}

try {
  const alice = page("alice");
  await connected(alice);
  assert.equal(alice.io.engine.transport.name, "websocket");
  alice.emit("join_room", { msg: "클라이언트 첫 입장", type: 0 });
  const aliceJoin = await alice.next("join_room");
  assert.equal(aliceJoin.name, "alice");
  assert.equal(aliceJoin.room, room);
  assert.equal(aliceJoin.type, 0);
  assert.equal(aliceJoin.msg, "클라이언트 첫 입장");
  assert.ok(isIsoTime(aliceJoin.time), "time is ISO-8601 UTC: " + aliceJoin.time);
  ok("a first entry (type 0) is announced to the room, the newcomer included");

  const bob = page("bob");
  await connected(bob);
  bob.emit("join_room", { msg: "hi all", type: 0 });
  for (const member of [alice, bob]) {
    const join = await member.next("join_room");
    assert.deepEqual([join.name, join.room, join.type, join.msg], ["bob", room, 0, "hi all"]);
  }
  ok("everyone in the room sees the next first entry");

  const carol = page("carol");
  await connected(carol);
  carol.emit("join_room", { msg: "back from another page", type: 1 });
  bob.emit("chatting", { msg: "hello" });
  for (const member of [alice, bob, carol]) {
    const chat = await member.next("chatting");
    assert.deepEqual([chat.name, chat.room, chat.msg], ["bob", room, "hello"]);
    assert.ok(isIsoTime(chat.time));
  }
  ok("a returning entry (type 1) is not announced; a message reaches every member, the sender included");

  const answer = await bob.timeout(WAIT_MS).emitWithAck("chatting", { msg: "x".repeat(129) });
  assert.equal(answer.status, false);
  assert.equal(answer.reason, "BAD_MESSAGE");
  const fine = await carol.timeout(WAIT_MS).emitWithAck("chatting", { msg: "안녕 👋" });
  assert.equal(fine.status, true);
  for (const member of [alice, bob, carol]) {
    assert.equal((await member.next("chatting")).msg, "안녕 👋");
  }
  ok("acks answer {status:false, reason} for a refused message and {status:true} for a delivered one");

  bob.emit("exit_room", {});
  for (const member of [alice, carol]) {
    const exit = await member.next("exit_room");
    assert.deepEqual([exit.name, exit.room], ["bob", room]);
    assert.ok(isIsoTime(exit.time));
  }
  alice.emit("chatting", { msg: "bob has gone" });
  for (const member of [alice, carol]) {
    assert.equal((await member.next("chatting")).msg, "bob has gone");
  }
  bob.emit("join_room", { msg: "I am back", type: 0 });
  for (const member of [alice, bob, carol]) {
    assert.equal((await member.next("join_room")).msg, "I am back");
  }
  ok("exit_room is told to the others only, and join_room brings the member back");

  const dave = page("dave", { transports: ["polling", "websocket"] });
  const upgraded = new Promise((resolve) => {
    dave.io.once("open", () => {
      assert.equal(dave.io.engine.transport.name, "polling");
      dave.io.engine.once("upgrade", (transport) => resolve(transport.name));
    });
  });
  await connected(dave);
  assert.equal(await upgraded, "websocket");
  dave.emit("chatting", { msg: "upgraded" });
  for (const member of [alice, bob, carol, dave]) {
    assert.equal((await member.next("chatting")).msg, "upgraded");
  }
  ok("a client that starts polling upgrades to WebSocket and chats on");

  carol.disconnect();
  alice.emit("chatting", { msg: "after carol left" });
  for (const member of [alice, bob, dave]) {
    assert.equal((await member.next("chatting")).msg, "after carol left");
  }
  ok("a page that goes away leaves silently");

  const nameless = page("", { query: { room } });
  const error = await refused(nameless);
  assert.match(error.message, /name/);
  assert.equal(error.data.reason, "BAD_USER_NAME");
  const tooLong = page("abcdefghijk");
  assert.match((await refused(tooLong)).message, /1 to 10/);
  ok("a bad handshake is refused with a connect_error that says why");

  for (const member of [alice, bob, dave]) member.nothingElse();
  ok("nobody received anything else");
  sockets.forEach((socket) => socket.disconnect());
  console.log(`seed page: ${checks} checks passed`);
  process.exit(0);
} catch (failure) {
  console.error("FAILED: " + (failure.stack || failure));
  sockets.forEach((socket) => socket.disconnect());
  process.exit(1);
}
