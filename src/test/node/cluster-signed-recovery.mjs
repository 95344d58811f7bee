// Socket.IO recovery across a cluster for a signed-in page (socketchat.auth.mode=optional), with socket.io-client 4.8
// as it is: a page signed in with auth: { token } reaches node A through a TCP relay, is cut off, and recovers its
// socket on node B, where it still speaks as its token's user (a guest cannot take its name there); coming back
// without a token it is refused USER_MISMATCH and the socket waits for its user's token; a page that comes back with
// another user's token does not recover the socket but starts afresh as that user.
// usage: node cluster-signed-recovery.mjs <ws-url of B> <ws-url through the relay> <socket.io path> <room key>
//   <alice's token (name "alice")> <eve's token (name "eve")>
// Asks the test to act with "? cut", "? suspended <pid>" and "? to-b", as cluster-recovery.mjs does.
// Prints one line per check; exits 0 when all passed, 1 with the failure otherwise.
import assert from "node:assert/strict";
import { ask, connected, done, drop, fail, ok, once, page as openPage, passed, say, test, within }
  from "./recovery-pages.mjs";

const [direct, relayed, path, room, aliceToken, eveToken] = process.argv.slice(2);
if (!eveToken) {
  console.error("usage: node cluster-signed-recovery.mjs <ws-url of B> <relayed ws-url> <path> <room> <token> <token>");
  process.exit(2);
}
const finish = within(60_000);
const where = { path, transport: "websocket", room };

try {
  const bob = openPage("bob", direct, where);
  await connected(bob);
  assert.equal((await ask(bob, "join_room", { type: 1 })).status, true);

  const alice = openPage("mallory", relayed, where, { auth: { token: aliceToken } });
  await connected(alice);
  assert.equal((await ask(alice, "join_room", { type: 1 })).status, true);
  const sid = alice.id;
  await drop(alice);
  await test("suspended " + alice._pid);
  await test("to-b");
  await say(bob, "while away");
  alice.connect();
  await connected(alice);
  assert.equal(alice.recovered, true, "socket.recovered on node B");
  assert.equal(alice.id, sid, "the same socket");
  assert.equal((await alice.next("chatting")).body.msg, "while away");
  assert.equal((await ask(alice, "chatting", "back")).status, true);
  assert.equal((await bob.next("chatting")).body.name, "alice", "she speaks as her token's user on node B");
  ok("a signed-in page recovered its socket on node B and speaks there as its token's user");

  const guest = openPage("alice", direct, { ...where, room: room + "-elsewhere" });
  await connected(guest);
  const refused = await ask(guest, "join_room", { type: 1 });
  assert.equal(refused.reason, "NAME_RESERVED", "node B knows alice is signed in: " + JSON.stringify(refused));
  ok("on node B a guest cannot take the name of the recovered signed-in page");

  await drop(alice);
  alice.auth = {};
  alice.connect();
  const [refusal] = await once(alice, "connect_error");
  assert.equal(refusal.data?.reason, "USER_MISMATCH", "no token, no sign-in: " + JSON.stringify(refusal.data));
  alice.auth = { token: aliceToken };
  alice.connect();
  await connected(alice);
  assert.equal(alice.recovered, true, "the refused socket waited for its user's token");
  assert.equal(alice.id, sid, "the same socket");
  ok("without a token the signed-in page's socket is refused USER_MISMATCH on node B, then recovered with its token");

  await drop(alice);
  alice.auth = { token: eveToken };
  alice.connect();
  await connected(alice);
  assert.equal(alice.recovered, false, "another user's token does not recover alice's socket");
  assert.notEqual(alice.id, sid, "a new socket");
  assert.equal((await ask(alice, "join_room", { type: 1 })).status, true);
  assert.equal((await ask(alice, "chatting", "who am i")).status, true);
  let heard = (await bob.next("chatting")).body;
  while (heard.msg !== "who am i") heard = (await bob.next("chatting")).body;
  assert.equal(heard.name, "eve", "the page speaks as the new token's user");
  ok("with another user's token the page starts afresh as that user");

  finish();
  done(`cluster signed recovery: ${passed()} checks passed`);
} catch (failure) {
  fail(failure);
}
