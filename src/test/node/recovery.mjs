// Checks Socket.IO connection state recovery with socket.io-client 4.8 as it is: a page whose connection drops (the
// test cuts it in a TCP relay) comes back with socket.recovered true, its old id, and every event it missed once, in
// order, before the live ones; a deliberate disconnect() and a forged pid start afresh; a socket that does not come
// back within the window loses its seat.
// usage: node recovery.mjs <ws-url> <ws-url through the relay> <socket.io path> <room key> <websocket|polling>
// Asks the test to act with a line "? cut" (the test resets every relayed connection) or "? freeze" (the relay stops
// carrying bytes on its open connections); the test answers with the same word on stdin.
// Prints one line per check; exits 0 when all passed, 1 with the failure otherwise.
import assert from "node:assert/strict";
import {
  ask,
  connected,
  done,
  drop,
  fail,
  ok,
  once,
  page as openPage,
  passed,
  receives,
  say,
  test,
  within,
} from "./recovery-pages.mjs";

const [direct, relayed, path, roomBase, transport] = process.argv.slice(2);
if (!direct || !relayed || !path || !roomBase || !transport) {
  console.error("usage: node recovery.mjs <ws-url> <relayed ws-url> <socket.io path> <room key> <transport>");
  process.exit(2);
}
const room = roomBase + "-" + transport;
const WINDOW_WAIT_MS = 30_000;
const finish = within(100_000);
const where = { path, transport, room };

/** A page of this run (see recovery-pages.mjs). */
function page(name, url, options = {}) {
  return openPage(name, url, where, options);
}

/** Alice's connection goes silent until the heartbeat gives up; she comes back with what she missed. */
async function silence(alice, bob, sid) {
  const silent = once(alice, "disconnect");
  await test("freeze");
  const [timedOut] = await silent;
  assert.equal(timedOut, "ping timeout", "the client's heartbeat gave up");
  await say(bob, "while frozen");
  alice.connect();
  await connected(alice);
  assert.equal(alice.recovered, true, "socket.recovered after a ping timeout");
  assert.equal(alice.id, sid, "the same socket id after a ping timeout");
  await receives(alice, ["while frozen"]);
  alice.nothingElse();
  ok("after a silent connection timed out, alice recovered what she missed");
}

try {
  const bob = page("bob", direct);
  await connected(bob);
  assert.equal((await ask(bob, "join_room", { type: 0 })).status, true);
  await bob.nextEntry();
  ok("bob is in room " + room);

  // a drop the client did not choose: recovered, with what it missed, once and in order
  const alice = page("alice", relayed);
  await connected(alice);
  assert.equal(alice.recovered, false, "a new socket is not recovered");
  assert.equal((await ask(alice, "join_room", { type: 0 })).status, true);
  await alice.nextEntry();
  await bob.nextEntry();
  await say(bob, "before");
  await receives(alice, ["before"]);
  const sid = alice.id;
  const reason = await drop(alice);
  assert.ok(["transport close", "transport error", "ping timeout"].includes(reason), "a drop: " + reason);
  ok(`alice's ${transport} connection was cut (${reason})`);
  const [echo] = await say(bob, "one", "two", "three");
  assert.equal(echo.view, 2, "alice keeps her seat while she is away");
  alice.connect();
  await connected(alice);
  assert.equal(alice.recovered, true, "socket.recovered");
  assert.equal(alice.id, sid, "the same socket id");
  await receives(alice, ["one", "two", "three"]);
  await say(bob, "live");
  await receives(alice, ["live"]);
  alice.nothingElse();
  ok("alice recovered her socket and got the three messages she missed, once and in order, then live ones");

  // the client reconnects on its own while bob goes on talking: nothing lost, nothing twice
  alice.io.reconnection(true);
  alice.io.reconnectionDelay(50);
  alice.io.reconnectionDelayMax(100);
  await drop(alice);
  const back = once(alice, "connect"); // before any timer runs: the reconnection waits at least 50 ms
  const talk = ["a", "b", "c", "d", "e", "f", "g", "h"];
  await say(bob, ...talk);
  await back;
  assert.equal(alice.recovered, true, "socket.recovered after reconnecting on its own");
  assert.equal(alice.id, sid, "still the same socket id");
  await receives(alice, talk);
  await say(bob, "after");
  await receives(alice, ["after"]);
  alice.nothingElse();
  alice.io.reconnection(false);
  ok("racing her own reconnection, alice got every message once and in order");

  // a connection that goes silent (the relay stops carrying bytes) until the heartbeat gives up on both sides; only
  // over WebSocket: the relay silences the connections open at that moment, and a polling client may be between two
  // requests then, and open new connections, which the relay carries
  if (transport === "websocket") {
    await silence(alice, bob, sid);
  }

  // Socket.IO's documented way to try recovery: closing the engine (over WebSocket a close frame without a code, over
  // polling an Engine.IO close packet) is a transport close, recovered as Socket.IO's own server does
  const forced = once(alice, "disconnect");
  alice.io.engine.close();
  await forced;
  await say(bob, "after engine.close()");
  alice.connect();
  await connected(alice);
  assert.equal(alice.recovered, true, "socket.recovered after socket.io.engine.close()");
  assert.equal(alice.id, sid, "the same socket id after socket.io.engine.close()");
  await receives(alice, ["after engine.close()"]);
  alice.nothingElse();
  ok("after socket.io.engine.close() alice recovered what she missed");

  // a deliberate disconnect() ends the socket: connecting again starts afresh
  alice.disconnect();
  alice.connect();
  await connected(alice);
  assert.equal(alice.recovered, false, "not recovered after disconnect()");
  assert.notEqual(alice.id, sid, "a new socket id");
  ok("after disconnect() and connect() alice starts afresh");

  // a socket that does not come back within the window loses its seat, as a drop always did
  const carol = page("carol", relayed);
  await connected(carol);
  assert.equal((await ask(carol, "join_room", { type: 0 })).status, true);
  await carol.nextEntry();
  await bob.nextEntry();
  const [seated] = await say(bob, "carol is here");
  const carolSid = carol.id;
  await drop(carol);

  // a forged pid (carol's, one character changed) starts afresh and takes nobody's seat
  const forged = carol._pid.slice(0, -1) + (carol._pid.endsWith("A") ? "B" : "A");
  const mallory = page("mallory", direct, { auth: { pid: forged, offset: carol._lastOffset } });
  await connected(mallory);
  assert.equal(mallory.recovered, false);
  assert.notEqual(mallory.id, carolSid, "not carol's socket");
  await say(bob, "not for mallory");
  mallory.nothingElse();
  ok("a forged pid gets a fresh socket in no room");
  const deadline = Date.now() + WINDOW_WAIT_MS;
  let view = seated.view;
  while (view === seated.view) {
    assert.ok(Date.now() < deadline, `carol's seat still taken after ${WINDOW_WAIT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250)); // polls the room's head count, not a synchronisation
    [{ view }] = await say(bob, "anyone?");
  }
  assert.equal(view, seated.view - 1, "carol's seat went when her window passed");
  carol.connect();
  await connected(carol);
  assert.equal(carol.recovered, false, "too late to recover");
  ok("carol's seat went when her window passed, and she starts afresh");

  finish();
  done(`recovery over ${transport}: ${passed()} checks passed`);
} catch (failure) {
  fail(failure);
}
