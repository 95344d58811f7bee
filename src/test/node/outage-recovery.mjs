// Checks that a page whose Socket.IO connection dropped recovers its socket on another node of a cluster even when
// Redis stands still as it comes back: node B cannot take the socket over while Redis does not answer, so it closes
// the page's new Engine.IO connection instead of starting the socket afresh, socket.io-client reconnects on its own
// with the same pid and offset, and once Redis answers again the page recovers with what it missed, once, in order.
// usage: node outage-recovery.mjs <ws-url of B> <ws-url through the relay> <socket.io path> <room key> <transport>
// Asks the test to act with "? cut", "? suspended <pid>", "? to-b" (as cluster-recovery.mjs), "? stall" (stop Redis
// answering: SIGSTOP) and "? unstall" (let it answer again); the test answers with the same words.
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
  console.error("usage: node outage-recovery.mjs <ws-url of B> <relayed ws-url> <path> <room key> <transport>");
  process.exit(2);
}
const room = roomBase + "-" + transport;
const finish = within(60_000);
const where = { path, transport, room };

try {
  const bob = openPage("bob", direct, where);
  await connected(bob);
  assert.equal((await ask(bob, "join_room", { type: 0 })).status, true);
  await bob.nextEntry();
  const alice = openPage("alice", relayed, where);
  await connected(alice);
  assert.equal((await ask(alice, "join_room", { type: 0 })).status, true);
  await alice.nextEntry();
  await bob.nextEntry();
  await say(bob, "before");
  const seen = await receives(alice, ["before"]);
  const sid = alice.id;
  await drop(alice);
  await test("suspended " + alice._pid);
  await say(bob, "one", "two");
  ok("alice dropped off node A; bob said two things while she was away");

  await test("to-b");
  await test("stall");
  let attempts = 0;
  const retried = new Promise((resolve) =>
    alice.io.on("reconnect_attempt", () => {
      if (++attempts === 1) resolve();
    }));
  alice.io.reconnection(true);
  alice.io.reconnectionDelay(200);
  alice.io.reconnectionDelayMax(400);
  const back = once(alice, "connect", 30_000);
  alice.connect();
  // node B could not reach Redis for the takeover: it closes the connection, and the client tries again
  const first = await Promise.race([retried.then(() => "retried"), back.then(() => "connected")]);
  assert.equal(first, "retried", "node B must not start the socket afresh while it cannot recover it");
  await test("unstall");
  await back;
  assert.equal(alice.recovered, true, "socket.recovered once Redis answered again");
  assert.equal(alice.id, sid, "the same socket id");
  const replayed = await receives(alice, ["one", "two"], seen);
  await say(bob, "live");
  await receives(alice, ["live"], replayed);
  alice.nothingElse();
  ok(`alice retried through the stall (${attempts} reconnections) and recovered with what she missed, then live`);

  finish();
  done(`recovery through a Redis stall over ${transport}: ${passed()} checks passed`);
} catch (failure) {
  fail(failure);
}
