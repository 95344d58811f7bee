// A page that signs in as socket.io-client 4.8 does it, with `auth: { token }`, against a socketchat server whose
// socketchat.auth.mode is on; the tokens are minted by the test and handed over as arguments.
// usage: node signed-page.mjs <ws-url> <socket.io path> <room key> <name the good token holds> <good token>
//        <expired token> <forged token>
// Prints one line per check; exits 0 when all passed, 1 with the failure otherwise.
import { io } from "socket.io-client";
import assert from "node:assert/strict";

const [url, path, room, name, good, expired, forged] = process.argv.slice(2);
if (!forged) {
  console.error("usage: node signed-page.mjs <ws-url> <socket.io path> <room key> <name> <good> <expired> <forged>");
  process.exit(2);
}
const WAIT_MS = 10_000;
const sockets = [];
let checks = 0;
const overall = setTimeout(() => fail(new Error("not done within 60 s")), 60_000);

function page(auth) {
  const socket = io(url, {
    path,
    transports: ["websocket", "polling"],
    query: { name: "mallory", room },
    auth,
    reconnection: false,
  });
  sockets.push(socket);
  return socket;
}

function settle(socket) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("neither connect nor connect_error within " + WAIT_MS + " ms")),
      WAIT_MS);
    socket.once("connect", () => { clearTimeout(timer); resolve(null); });
    socket.once("connect_error", (err) => { clearTimeout(timer); resolve(err); });
  });
}

function next(socket, event) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no " + event + " within " + WAIT_MS + " ms")), WAIT_MS);
    socket.once(event, (body) => { clearTimeout(timer); resolve(body); });
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

try {
  const signed = page({ token: good });
  assert.equal(await settle(signed), null, "a good token connects");
  const notice = next(signed, "chatting");
  assert.deepEqual(await signed.timeout(WAIT_MS).emitWithAck("join_room", { type: 0 }), { status: true });
  assert.equal((await notice).name, name, "the page speaks as the token's name, not query.name");
  ok("auth: { token } signs the page in; the token's name wins over query.name");

  for (const [token, reason] of [[expired, "TOKEN_EXPIRED"], [forged, "BAD_TOKEN"], ["", "BAD_TOKEN"]]) {
    const error = await settle(page({ token }));
    assert.ok(error, "a bad token is refused");
    assert.equal(error.data?.reason, reason, "connect_error data.reason: " + JSON.stringify(error.data));
    assert.ok(error.message.length > 0, "its message says why");
    ok("connect_error with data.reason " + reason);
  }
  sockets.forEach((socket) => socket.disconnect());
  clearTimeout(overall);
  console.log(`signed page: ${checks} checks passed`);
  process.exit(0);
} catch (failure) {
  fail(failure);
}
