// Pages that leave a busy Socket.IO room give up their seats at once: 20 pages join one room over WebSocket and chat
// in it (25 messages a second each), then one after another, 5 ms apart, each stops and calls socket.disconnect() (a
// DISCONNECT `41`, then the WebSocket's close frame) while the others' messages to it are on their way. PROTOCOL.md:
// a DISCONNECT ends the socket at once. The room's speaker, alice, then says something every 50 ms until her own
// message counts the room down to her alone (`view` 1), which must happen within 1 s of the last page's disconnect:
// sooner than the test servers' resume windows (2 s and 5 s) end, so a page wrongly suspended still holds its seat.
// WildFly answers a close frame at once and fails the sends queued behind it; the server took such a failed send for
// the page's loss, closed the connection, and then dropped the `41` that came before the close frame as read from a
// closed connection: the page was suspended, seated for the whole window.
// usage: node socketio-goodbyes.mjs <ws-url e.g. ws://127.0.0.1:8080> <socket.io path e.g. /socket.io/> <room key>
// Prints one line per check; exits 0 when all passed, 1 with the failure otherwise.
import { io } from "socket.io-client";

const [url, path, roomKey] = process.argv.slice(2);
if (!url || !path || !roomKey) {
  console.error("usage: node socketio-goodbyes.mjs <ws-url> <socket.io path> <room key>");
  process.exit(2);
}
const PAGES = 20;
const ROUNDS = 4;
const WAIT_MS = 10_000;
const TOTAL_MS = 100_000;
const CHAT_EVERY_MS = 40;
const CHAT_MS = 1_500;
const APART_MS = 5;
const EMPTY_WITHIN_MS = 1_000;
const sockets = [];
const timers = [];
let checks = 0;

setTimeout(() => fail(new Error(`not done within ${TOTAL_MS} ms`)), TOTAL_MS).unref();

function fail(failure) {
  console.error("FAILED: " + (failure.stack || failure));
  timers.forEach(clearInterval);
  sockets.forEach((socket) => socket.disconnect());
  process.exit(1);
}

function ok(what) {
  checks++;
  console.log(`ok ${checks} ${what}`);
}

/** A page in {@code room} over WebSocket only, joined (a returning entry: silent) once this resolves. */
async function page(name, room) {
  const socket = io(url, { path, transports: ["websocket"], query: { name, room }, reconnection: false });
  sockets.push(socket);
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name}: no connect within ${WAIT_MS} ms`)), WAIT_MS);
    socket.once("connect", () => { clearTimeout(timer); resolve(); });
    socket.once("connect_error", (error) => { clearTimeout(timer); reject(error); });
  });
  const joined = await socket.timeout(WAIT_MS).emitWithAck("join_room", { msg: "입장", type: 1 });
  if (joined?.status !== true) {
    throw new Error(`${name}: join_room answered ${JSON.stringify(joined)}`);
  }
  return socket;
}

/** Resolves with alice's own next message's {@code view} once she said {@code text}. */
function say(alice, text) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`alice: "${text}" not back within ${WAIT_MS} ms`)), WAIT_MS);
    const heard = (body) => {
      if (body?.msg === text && body?.name === "alice") {
        clearTimeout(timer);
        alice.off("chatting", heard);
        resolve(body.view);
      }
    };
    alice.on("chatting", heard);
    alice.emit("chatting", text);
  });
}

async function goodbyes(round) {
  const room = `${roomKey}-${round}`;
  const alice = await page("alice", room);
  const pages = [];
  for (let i = 1; i <= PAGES; i++) {
    pages.push(await page(`p${i}`, room));
  }
  const full = await say(alice, `all here ${round}`);
  if (full !== PAGES + 1) {
    throw new Error(`round ${round}: the room counts ${full}, not ${PAGES + 1}`);
  }
  let sent = 0;
  const chatting = pages.map((socket) => {
    const timer = setInterval(() => socket.emit("chatting", `busy ${++sent}`), CHAT_EVERY_MS);
    timers.push(timer);
    return timer;
  });
  await new Promise((resolve) => setTimeout(resolve, CHAT_MS));
  for (let i = 0; i < PAGES; i++) {
    clearInterval(chatting[i]);
    pages[i].disconnect();
    await new Promise((resolve) => setTimeout(resolve, APART_MS));
  }
  const lastGone = Date.now();
  for (let attempt = 1; ; attempt++) {
    const view = await say(alice, `who is left ${round}.${attempt}`);
    if (view === 1) {
      break;
    }
    const waited = Date.now() - lastGone;
    if (waited > EMPTY_WITHIN_MS) {
      throw new Error(`round ${round}: ${view - 1} of ${PAGES} pages still counted ${waited} ms after they left`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  alice.disconnect();
  ok(`round ${round}: ${PAGES} pages that left a busy room (${sent} messages) gave up their seats at once`);
}

async function main() {
  for (let round = 1; round <= ROUNDS; round++) {
    await goodbyes(round);
  }
  console.log(`socketio-goodbyes: ${checks} checks passed`);
  process.exit(0);
}

main().catch(fail);
