// Does what the socketchatting project's React client does on /chat with the npm ws package, and checks what arrives:
// one WebSocket per person, each frame JSON.stringify({type, ...}) with no userName and no room, except the roomId of
// CLIENT_ROOM_JOIN (CLIENT_NAME_SET, CLIENT_ROOM_GET, CLIENT_ROOM_CREATE, CLIENT_ROOM_JOIN, CLIENT_CHAT_SEND,
// CLIENT_ROOM_EXIT), with a README-dialect client (roomID and userName in every request) in one of its rooms.
// usage: node app-client.mjs <chat ws url e.g. ws://127.0.0.1:8080/chat>
// Prints one line per check; exits 0 when all passed, 1 with the failure otherwise.
import WebSocket from "ws";
import assert from "node:assert/strict";

const [chatUrl] = process.argv.slice(2);
if (!chatUrl) {
  console.error("usage: node app-client.mjs <chat ws url>");
  process.exit(2);
}
const WAIT_MS = 10_000;
const TOTAL_MS = 90_000;
/** This run's mark on its room names, so that runs (and other clients of the server) do not mix. */
const RUN = Math.random().toString(36).slice(2, 8);
const people = [];
let checks = 0;
let markers = 0;

const overall = setTimeout(() => fail(new Error(`not done within ${TOTAL_MS} ms`)), TOTAL_MS);

/** A room name of this run. */
function roomName(name) {
  return `${RUN} ${name}`;
}

/**
 * One person's WebSocket, every frame the server sends parsed and queued. BROAD_ROOM_CREATE of rooms this run did not
 * create (other clients of the same server) and the lobby's BROAD_ROOM_DELETE are left out.
 */
async function person(name) {
  const ws = new WebSocket(chatUrl);
  const frames = [];
  let wake = () => {};
  const queue = (frame) => {
    frames.push(frame);
    wake();
  };
  ws.on("message", (data, isBinary) => {
    let frame;
    try {
      frame = JSON.parse(isBinary ? "(binary)" : data.toString("utf8"));
    } catch {
      frame = { type: "(not JSON)", text: data.toString("utf8") };
    }
    if (frame?.type === "BROAD_ROOM_CREATE" && !String(frame.roomName).startsWith(RUN + " ")) return;
    // the lobby also hears of rooms that end, its own and other clients' alike; AppDialectContract checks those
    if (frame?.type === "BROAD_ROOM_DELETE") return;
    queue(frame);
  });
  ws.on("close", (code, reason) => queue({ type: "(closed)", code, reason: reason.toString() }));
  ws.on("error", (error) => queue({ type: "(error)", message: error.message }));
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name}: not open within ${WAIT_MS} ms`)), WAIT_MS);
    ws.once("open", () => { clearTimeout(timer); resolve(); });
    ws.once("error", (error) => { clearTimeout(timer); reject(error); });
  });

  const self = {
    name,
    ws,
    /** Sends the request as the app does: JSON.stringify of the object. */
    send(request) {
      ws.send(JSON.stringify(request));
    },
    /** The next frame, which must be of the given type; waits at most WAIT_MS. */
    async next(type) {
      const deadline = Date.now() + WAIT_MS;
      while (frames.length === 0) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`${name}: no ${type} within ${WAIT_MS} ms`);
        await new Promise((resolve) => {
          wake = resolve;
          setTimeout(resolve, Math.min(left, 100));
        });
      }
      const frame = frames.shift();
      assert.equal(frame.type, type, `${name} expected ${type}, got ${JSON.stringify(frame)}`);
      return frame;
    },
    /** Sends the request and returns the reply of the given type. */
    async ask(request, replyType) {
      self.send(request);
      return self.next(replyType);
    },
    /**
     * Nothing arrived but what was checked: a CLIENT_ROOM_LIST with a fresh requestId, whose reply must be the very
     * next frame (the server answers in order, so anything sent before it would come first).
     */
    async nothingElse() {
      const marker = `${RUN}-${++markers}`;
      self.send({ type: "CLIENT_ROOM_LIST", requestId: marker });
      const reply = await self.next("SERVER_ROOM_LIST");
      assert.equal(reply.requestId, marker, `${name}: the marker's reply`);
    },
    /** Drops the connection without a close frame, as a lost network or a killed tab does. */
    drop() {
      ws.terminate();
    },
  };
  people.push(self);
  return self;
}

/** A person whose app has set its name (the Home page): CLIENT_NAME_SET → SERVER_NAME_SET. */
async function named(name) {
  const someone = await person(name);
  same(await someone.ask({ type: "CLIENT_NAME_SET", userName: name }, "SERVER_NAME_SET"), {
    type: "SERVER_NAME_SET",
    status: true,
  });
  return someone;
}

/**
 * A README-form notice of a room event without its event number (checked here: a positive integer) and, on a join,
 * the joiner's history (an array) and, on a create or join reply, its session token (URL-safe text): what is left is
 * compared exactly.
 */
function numbered(frame) {
  assert.ok(Number.isInteger(frame.seq) && frame.seq > 0, `an event number in ${JSON.stringify(frame)}`);
  const { seq, history, session, ...rest } = frame;
  if (history !== undefined) assert.ok(Array.isArray(history), `a history array in ${JSON.stringify(frame)}`);
  if (session !== undefined) assert.match(session, /^[A-Za-z0-9_-]{22,}$/, `a session token in ${JSON.stringify(frame)}`);
  return rest;
}

/** The frame is exactly the expected one (every field, no others). */
function same(frame, expected) {
  assert.deepEqual(frame, expected);
}

/** A refusal: {type, status:false, reason, detail, roomId?}. */
function refused(frame, type, reason) {
  assert.equal(frame.type, type, JSON.stringify(frame));
  assert.equal(frame.status, false, JSON.stringify(frame));
  assert.equal(frame.reason, reason, JSON.stringify(frame));
  assert.equal(typeof frame.detail, "string", JSON.stringify(frame));
  assert.ok(frame.detail.length > 0, "a detail says why: " + JSON.stringify(frame));
  const allowed = new Set(["type", "status", "reason", "detail", "roomId"]);
  assert.deepEqual(Object.keys(frame).filter((key) => !allowed.has(key)), [], "fields of " + JSON.stringify(frame));
}

/** A recent ISO-8601 UTC instant with milliseconds, as README replies carry in time. */
function checkTime(text) {
  assert.match(String(text), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/, "time is ISO-8601 UTC: " + text);
  assert.ok(Math.abs(Date.parse(text) - Date.now()) < 120_000, "time is about now: " + text);
}

function ok(what) {
  checks++;
  console.log("ok " + checks + " " + what);
}

function fail(failure) {
  console.error("FAILED: " + (failure.stack || failure));
  people.forEach((someone) => someone.ws.terminate());
  process.exit(1);
}

const roomCreate = (roomId, name) => ({ type: "BROAD_ROOM_CREATE", roomId, roomName: name });
const roomJoin = (nickName) => ({ type: "BROAD_ROOM_JOIN", nickName });
const roomExit = (nickName, isHost) => ({ type: "BROAD_ROOM_EXIT", nickName, isHost });
const chat = (nickName, message) => ({ type: "BROAD_CHAT_SEND", nickName, message });

/** Creates a room as the Lobby page does; returns its number. */
async function create(host, name) {
  const reply = await host.ask({ type: "CLIENT_ROOM_CREATE", roomName: name }, "SERVER_ROOM_CREATE");
  assert.ok(Number.isInteger(reply.roomId) && reply.roomId > 0, "a room number: " + JSON.stringify(reply));
  same(reply, { type: "SERVER_ROOM_CREATE", status: true, roomId: reply.roomId });
  return reply.roomId;
}

/** Joins a room as the Lobby page does: the reply, then the notice every member gets, the joiner last told. */
async function join(joiner, roomId, members) {
  same(await joiner.ask({ type: "CLIENT_ROOM_JOIN", roomId }, "SERVER_ROOM_JOIN"), {
    type: "SERVER_ROOM_JOIN",
    status: true,
    roomId,
  });
  for (const member of [joiner, ...members]) same(await member.next("BROAD_ROOM_JOIN"), roomJoin(joiner.name));
}

try {
  const minsu = await person("민수");
  same(await minsu.ask({ type: "CLIENT_NAME_SET", userName: "민수" }, "SERVER_NAME_SET"), {
    type: "SERVER_NAME_SET",
    status: true,
  });
  ok("CLIENT_NAME_SET is answered SERVER_NAME_SET {status:true}");

  const rooms = await minsu.ask({ type: "CLIENT_ROOM_GET" }, "SERVER_ROOM_GET");
  assert.equal(rooms.status, true);
  assert.ok(Array.isArray(rooms.roomList), "roomList: " + JSON.stringify(rooms));
  for (const room of rooms.roomList) {
    assert.deepEqual(Object.keys(room).sort(), ["host", "room_id", "room_name"], JSON.stringify(room));
  }
  ok("CLIENT_ROOM_GET is answered SERVER_ROOM_GET {status, roomList}");

  // --- create: the lobby is told --------------------------------------------------------------------------------
  const jiyoung = await named("지영");
  const hana = await person("하나"); // a README-dialect client, in no room yet
  const jeju = await create(minsu, roomName("제주"));
  same(await jiyoung.next("BROAD_ROOM_CREATE"), roomCreate(jeju, roomName("제주")));
  const listed = await jiyoung.ask({ type: "CLIENT_ROOM_GET" }, "SERVER_ROOM_GET");
  same(
    listed.roomList.find((room) => room.room_id === jeju),
    { room_id: jeju, room_name: roomName("제주"), host: "민수" });
  ok("CLIENT_ROOM_CREATE gives SERVER_ROOM_CREATE {roomId}; the lobby gets BROAD_ROOM_CREATE; SERVER_ROOM_GET lists it");

  await join(jiyoung, jeju, [minsu]);
  ok("CLIENT_ROOM_JOIN {roomId} gives SERVER_ROOM_JOIN {roomId}, then BROAD_ROOM_JOIN to every member, joiner included");

  const cheolsu = await named("철수");
  const younghee = await named("영희");
  const busan = await create(cheolsu, roomName("부산"));
  same(await younghee.next("BROAD_ROOM_CREATE"), roomCreate(busan, roomName("부산")));
  for (const someone of [minsu, jiyoung, cheolsu, hana]) await someone.nothingElse();
  ok("a new room is told to the lobby only: not to members of a room, its creator, or a README connection");

  minsu.send({ type: "CLIENT_CHAT_SEND", message: "안녕" });
  for (const member of [minsu, jiyoung]) same(await member.next("BROAD_CHAT_SEND"), chat("민수", "안녕"));
  ok("CLIENT_CHAT_SEND reaches every member, the sender included, as exactly {type, nickName, message}");

  // --- a README client in the same room -------------------------------------------------------------------------
  hana.send({ type: "CLIENT_ROOM_JOIN", roomID: jeju, userName: "하나" });
  same(numbered(await hana.next("SERVER_ROOM_JOIN")), {
    type: "SERVER_ROOM_JOIN",
    status: true,
    roomID: jeju,
    nickName: "하나",
    roomName: roomName("제주"),
    owner: "민수",
    members: ["민수", "지영", "하나"],
  });
  for (const member of [minsu, jiyoung]) same(await member.next("BROAD_ROOM_JOIN"), roomJoin("하나"));
  hana.send({ type: "CLIENT_CHAT_SEND", roomID: jeju, userName: "하나", message: "README에서 왔어요" });
  const own = await hana.next("SERVER_CHAT_SEND");
  checkTime(own.time);
  same(numbered(own), {
    type: "SERVER_CHAT_SEND", status: true, roomID: jeju, nickname: "하나", message: "README에서 왔어요", time: own.time,
  });
  for (const member of [minsu, jiyoung]) same(await member.next("BROAD_CHAT_SEND"), chat("하나", "README에서 왔어요"));
  jiyoung.send({ type: "CLIENT_CHAT_SEND", message: "반가워요" });
  for (const member of [minsu, jiyoung]) same(await member.next("BROAD_CHAT_SEND"), chat("지영", "반가워요"));
  const theirs = await hana.next("SERVER_CHAT_SEND");
  checkTime(theirs.time);
  same(numbered(theirs), {
    type: "SERVER_CHAT_SEND", status: true, roomID: jeju, nickname: "지영", message: "반가워요", time: theirs.time,
  });
  ok("a README client in the room sees SERVER_* frames where the app clients see BROAD_* for the same events");

  // --- exits ----------------------------------------------------------------------------------------------------
  same(await jiyoung.ask({ type: "CLIENT_ROOM_EXIT" }, "SERVER_ROOM_EXIT"), { type: "SERVER_ROOM_EXIT", status: true });
  same(await minsu.next("BROAD_ROOM_EXIT"), roomExit("지영", false));
  same(numbered(await hana.next("SERVER_ROOM_EXIT")), { type: "SERVER_ROOM_EXIT", status: true, roomID: jeju, nickName: "지영" });
  ok("CLIENT_ROOM_EXIT gives the leaver SERVER_ROOM_EXIT and the others BROAD_ROOM_EXIT {isHost:false}");

  await join(younghee, busan, [cheolsu]);
  same(await cheolsu.ask({ type: "CLIENT_ROOM_EXIT" }, "SERVER_ROOM_EXIT"), { type: "SERVER_ROOM_EXIT", status: true });
  same(await younghee.next("BROAD_ROOM_EXIT"), roomExit("철수", true));
  const gangneung = await create(jiyoung, roomName("강릉"));
  for (const lobby of [younghee, cheolsu]) same(await lobby.next("BROAD_ROOM_CREATE"), roomCreate(gangneung, roomName("강릉")));
  for (const someone of [minsu, hana, jiyoung]) await someone.nothingElse();
  ok("the host's exit ends the room: BROAD_ROOM_EXIT {isHost:true}, and the former members are in the lobby");

  const dongsu = await named("동수");
  await join(dongsu, jeju, [minsu]);
  same(numbered(await hana.next("SERVER_ROOM_JOIN")), { type: "SERVER_ROOM_JOIN", status: true, roomID: jeju, nickName: "동수" });
  dongsu.drop();
  same(await minsu.next("BROAD_ROOM_EXIT"), roomExit("동수", false));
  same(numbered(await hana.next("SERVER_ROOM_EXIT")), { type: "SERVER_ROOM_EXIT", status: true, roomID: jeju, nickName: "동수" });
  await join(younghee, gangneung, [jiyoung]);
  jiyoung.drop();
  same(await younghee.next("BROAD_ROOM_EXIT"), roomExit("지영", true));
  ok("a dropped connection leaves like an exit: BROAD_ROOM_EXIT to the others (isHost:true for a host)");

  // --- refusals -------------------------------------------------------------------------------------------------
  const nobody = await person("(nobody)");
  refused(
    await nobody.ask({ type: "CLIENT_ROOM_CREATE", roomName: roomName("이름 없음") }, "SERVER_ROOM_CREATE"),
    "SERVER_ROOM_CREATE", "BAD_USER_NAME");
  assert.equal((await nobody.ask({ type: "CLIENT_ROOM_GET" }, "SERVER_ROOM_GET")).status, true);
  refused(
    await nobody.ask({ type: "CLIENT_ROOM_CREATE", roomName: roomName("이름 없음") }, "SERVER_ROOM_CREATE"),
    "SERVER_ROOM_CREATE", "BAD_USER_NAME");
  same(await nobody.ask({ type: "CLIENT_NAME_SET", userName: "민수" }, "SERVER_NAME_SET"), {
    type: "SERVER_NAME_SET",
    status: true,
  });
  refused(await nobody.ask({ type: "CLIENT_CHAT_SEND", message: "hello?" }, "SERVER_CHAT_SEND"),
    "SERVER_CHAT_SEND", "NOT_MEMBER");
  refused(await nobody.ask({ type: "CLIENT_ROOM_EXIT" }, "SERVER_ROOM_EXIT"), "SERVER_ROOM_EXIT", "NOT_MEMBER");
  refused(await nobody.ask({ type: "CLIENT_ROOM_JOIN", roomId: busan }, "SERVER_ROOM_JOIN"),
    "SERVER_ROOM_JOIN", "NO_SUCH_ROOM");
  refused(await nobody.ask({ type: "CLIENT_ROOM_JOIN", roomId: jeju }, "SERVER_ROOM_JOIN"),
    "SERVER_ROOM_JOIN", "NAME_TAKEN");
  nobody.ws.send("this is not JSON");
  const error = await nobody.next("SERVER_ERROR");
  assert.equal(error.status, false);
  assert.equal(error.reason, "BAD_JSON");
  same(await nobody.ask({ type: "CLIENT_NAME_SET", userName: "민호" }, "SERVER_NAME_SET"), {
    type: "SERVER_NAME_SET",
    status: true,
  });
  nobody.name = "민호";
  await join(nobody, jeju, [minsu]);
  same(numbered(await hana.next("SERVER_ROOM_JOIN")), { type: "SERVER_ROOM_JOIN", status: true, roomID: jeju, nickName: "민호" });
  ok("refusals come back as status:false with a reason (BAD_USER_NAME before a name, NOT_MEMBER, NO_SUCH_ROOM, " +
    "NAME_TAKEN, SERVER_ERROR BAD_JSON) and the connection carries on");

  same(await minsu.ask({ type: "CLIENT_ROOM_EXIT" }, "SERVER_ROOM_EXIT"), { type: "SERVER_ROOM_EXIT", status: true });
  same(await nobody.next("BROAD_ROOM_EXIT"), roomExit("민수", true));
  same(numbered(await hana.next("SERVER_ROOM_DELETE")), { type: "SERVER_ROOM_DELETE", status: true, roomID: jeju });
  ok("a mixed room's host leaving: BROAD_ROOM_EXIT {isHost:true} to app members, SERVER_ROOM_DELETE to README ones");

  for (const someone of [minsu, cheolsu, younghee, hana, nobody]) await someone.nothingElse();
  ok("nobody received anything else");
  clearTimeout(overall);
  people.forEach((someone) => someone.ws.close());
  console.log(`app client: ${checks} checks passed`);
  process.exit(0);
} catch (failure) {
  fail(failure);
}
