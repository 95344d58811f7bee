// Members who say goodbye in a busy room leave at once: an owner and 20 members chat in one room (25 messages a
// second each, over the npm ws package); then every member closes with a close frame (1000, or 1001 for every other
// one, as a browser's page that navigates or is closed) and its page is gone 300 ms later (ws.terminate(): the socket
// is reset, as when a tab is closed). PROTOCOL.md: a connection that ends with its client's close frame leaves at
// once, and its session ends: the owner hears every member leave (SERVER_ROOM_EXIT), and a resume of the session,
// tried once the page is gone and the room heard the member leave (1 s after the close at most), is refused
// SESSION_EXPIRED (a session kept suspended for its window would resume, and the room would not hear of it). WildFly
// answers a close frame at once but hands it to the endpoint only after the frames that came before it (README,
// WildFly), so the resume waits for the room to hear of the goodbye rather than a fixed 300 ms. A send that the reset
// failed meanwhile had the member taken for dropped: suspended, seated and unannounced. A member's 1001 was suspended
// even once its report came, taken for the server's own 1001 of a failed send.
// usage: node goodbyes.mjs <chat ws url e.g. ws://127.0.0.1:8080/chat>
// Prints one line per check; exits 0 when all passed, 1 with the failure otherwise.
import WebSocket from "ws";

const [chatUrl] = process.argv.slice(2);
if (!chatUrl) {
  console.error("usage: node goodbyes.mjs <chat ws url>");
  process.exit(2);
}
const MEMBERS = 20;
const ROUNDS = 4; // a server fresh from its start got it right more often than a warm one
const WAIT_MS = 10_000;
const TOTAL_MS = 100_000;
const CHAT_MS = 2_000;
const GONE_AFTER_MS = 300;
// a member's resume goes once the room heard it leave, and at most this long after its close frame: sooner than the
// test servers' resume windows (2 s to 5 s) end, so the session of a member wrongly suspended would still resume
const RESUME_WITHIN_MS = 1_000;
const people = [];
const timers = [];
let checks = 0;

setTimeout(() => fail(new Error(`not done within ${TOTAL_MS} ms`)), TOTAL_MS).unref();

function fail(failure) {
  console.error("FAILED: " + (failure.stack || failure));
  timers.forEach(clearInterval);
  people.forEach((someone) => someone.ws.terminate());
  process.exit(1);
}

function ok(what) {
  checks++;
  console.log(`ok ${checks} ${what}`);
}

/** One person's WebSocket; {@code until(test)} resolves with the first frame that passes the test. */
async function person(name) {
  const ws = new WebSocket(chatUrl, { perMessageDeflate: false });
  const waiting = [];
  ws.on("message", (data) => {
    const frame = JSON.parse(data.toString("utf8"));
    for (const waiter of [...waiting]) {
      if (waiter.test(frame)) {
        waiting.splice(waiting.indexOf(waiter), 1);
        waiter.resolve(frame);
      }
    }
  });
  ws.on("error", () => {}); // a reset page's socket reports its own end; what counts is what the owner hears
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  const until = (test, what) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name}: no ${what} within ${WAIT_MS} ms`)), WAIT_MS);
      waiting.push({ test, resolve: (frame) => { clearTimeout(timer); resolve(frame); } });
    });
  const someone = { name, ws, until, send: (frame) => ws.send(JSON.stringify(frame)) };
  people.push(someone);
  return someone;
}

async function main() {
  for (let round = 1; round <= ROUNDS; round++) {
    await goodbyes(round);
  }
  console.log(`goodbyes: ${checks} checks passed`);
  process.exit(0);
}

/** One room's members chat, then say goodbye; the owner must hear them all leave. */
async function goodbyes(round) {
  people.length = 0;
  timers.length = 0;
  const owner = await person("kim");
  const created = owner.until((f) => f.type === "SERVER_ROOM_CREATE", "SERVER_ROOM_CREATE");
  owner.send({ type: "CLIENT_ROOM_CREATE", roomName: "goodbyes " + round, userName: "kim" });
  const room = (await created).roomID;
  const members = [];
  for (let i = 0; i < MEMBERS; i++) {
    const member = await person("m" + i);
    const joined = member.until((f) => f.type === "SERVER_ROOM_JOIN" && f.status === true, "SERVER_ROOM_JOIN");
    member.send({ type: "CLIENT_ROOM_JOIN", roomID: room, userName: member.name });
    member.session = (await joined).session;
    members.push(member);
  }
  ok(`round ${round}: ${MEMBERS} members joined room ${room}`);

  let said = 0;
  for (const someone of people) {
    timers.push(
      setInterval(() => {
        if (someone.ws.readyState === WebSocket.OPEN) {
          someone.send({ type: "CLIENT_CHAT_SEND", roomID: room, userName: someone.name, message: "line " + said++ });
        }
      }, 40),
    );
  }
  // the room chats for a while before the goodbyes, and the owner goes on chatting through them
  await new Promise((resolve) => setTimeout(resolve, CHAT_MS));
  const left = new Set();
  const heard = new Map(); // a member's name -> resolves once the owner heard it leave
  // resolves once the owner heard the member leave, or after a while at most
  const heardLeave = (name, atMostMs) =>
    new Promise((resolve) => {
      if (left.has(name)) {
        resolve();
        return;
      }
      const timer = setTimeout(resolve, atMostMs);
      heard.set(name, () => { clearTimeout(timer); resolve(); });
    });
  const allLeft = new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the owner heard ${left.size} of ${MEMBERS} members leave within ${WAIT_MS} ms`)),
      WAIT_MS,
    );
    owner.ws.on("message", (data) => {
      const frame = JSON.parse(data.toString("utf8"));
      if (frame.type === "SERVER_ROOM_EXIT" && frame.status === true) {
        left.add(frame.nickName);
        heard.get(frame.nickName)?.();
        if (left.size === MEMBERS) {
          clearTimeout(timer);
          resolve();
        }
      }
    });
  });
  const resumes = members.map(
    (member, i) =>
      new Promise((resolve, reject) => {
        member.ws.close(i % 2 === 0 ? 1000 : 1001);
        setTimeout(() => {
          // only a goodbye the server answered counts: a server too busy to read it before the reset saw a drop
          // (ws keeps whether the server's close frame came; it has no public way to tell)
          const answered = member.ws._closeFrameReceived === true;
          member.ws.terminate();
          if (!answered) {
            resolve(null);
            return;
          }
          // the server has handled the goodbye once the room heard of it (WildFly hands a close frame to the
          // application only after the frames before it, though it answers it at once)
          heardLeave(member.name, RESUME_WITHIN_MS - GONE_AFTER_MS)
            .then(() => person(member.name + " again"))
            .then((again) => {
              const answer = again.until((f) => f.type === "SERVER_SESSION_RESUME", "SERVER_SESSION_RESUME");
              again.send({ type: "CLIENT_SESSION_RESUME", session: member.session, rooms: [{ roomID: room, seq: 0 }] });
              return answer;
            })
            .then(resolve, reject);
        }, GONE_AFTER_MS);
      }),
  );
  const answers = (await Promise.all(resumes)).filter((answer) => answer !== null);
  const resumed = answers.filter((answer) => answer.status !== false || answer.reason !== "SESSION_EXPIRED");
  if (resumed.length > 0) {
    throw new Error(`${resumed.length} of ${MEMBERS} sessions outlived their close frame: ${JSON.stringify(resumed[0])}`);
  }
  ok(`round ${round}: the session of each of the ${answers.length} members whose goodbye was answered ended with it`);
  await allLeft;
  ok(`round ${round}: the owner heard all ${MEMBERS} members leave`);
  timers.forEach(clearInterval);
  owner.ws.close(1000);
}

main().catch(fail);
