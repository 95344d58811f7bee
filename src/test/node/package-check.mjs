// Checks an installed socketchat (deploy/debian/check): its chat page, a room on /chat between two clients with the
// npm ws client, and Socket.IO with socket.io-client.
// usage: node package-check.mjs <http-origin>; exits 0 when every check passed, 1 with the failure otherwise.
import WebSocket from "ws";
import { io } from "socket.io-client";
import assert from "node:assert/strict";

const origin = process.argv[2];
const WAIT_MS = 10_000;
const overall = setTimeout(() => fail(new Error("not done within 30000 ms")), 30_000);

function fail(failure) {
  console.error("FAILED: " + (failure.stack || failure));
  process.exit(1);
}

/** A /chat client whose frames are queued; next(type) takes the next one, which must be of that type. */
async function chat() {
  const socket = new WebSocket(origin.replace(/^http/, "ws") + "/chat");
  const frames = [];
  const waiters = [];
  socket.on("message", (data) => {
    frames.push(JSON.parse(data.toString()));
    waiters.splice(0).forEach((wake) => wake());
  });
  await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
  return {
    send: (frame) => socket.send(JSON.stringify(frame)),
    next: async (type) => {
      const deadline = Date.now() + WAIT_MS;
      while (frames.length === 0) {
        assert.ok(Date.now() < deadline, "no " + type + " within " + WAIT_MS + " ms");
        await new Promise((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
      const frame = frames.shift();
      assert.equal(frame.type, type, JSON.stringify(frame));
      return frame;
    },
    close: () => socket.close(),
  };
}

try {
  const page = await fetch(origin + "/");
  assert.equal(page.status, 200, "the chat page");
  assert.match(await page.text(), /<html/i, "the chat page is HTML");
  console.log("ok the chat page is served");

  const minsu = await chat();
  minsu.send({ type: "CLIENT_ROOM_CREATE", roomName: "제주 여행", userName: "민수" });
  const created = await minsu.next("SERVER_ROOM_CREATE");
  assert.equal(created.status, true, JSON.stringify(created));
  const jiyoung = await chat();
  jiyoung.send({ type: "CLIENT_ROOM_JOIN", roomID: created.roomID, userName: "지영" });
  assert.equal((await jiyoung.next("SERVER_ROOM_JOIN")).status, true);
  await minsu.next("SERVER_ROOM_JOIN");
  jiyoung.send({ type: "CLIENT_CHAT_SEND", roomID: created.roomID, userName: "지영", message: "안녕하세요!" });
  assert.equal((await minsu.next("SERVER_CHAT_SEND")).message, "안녕하세요!");
  minsu.close();
  jiyoung.close();
  console.log("ok two /chat clients met in a room and chatted");

  const socket = io(origin, { query: { name: "kim", room: "check" }, reconnection: false });
  await new Promise((resolve, reject) => socket.once("connect", resolve).once("connect_error", reject));
  const ack = await socket.timeout(WAIT_MS).emitWithAck("join_room", { type: 0 });
  assert.equal(ack.status, true, JSON.stringify(ack));
  socket.disconnect();
  console.log("ok a socket.io-client page joined a room");

  clearTimeout(overall);
  process.exit(0);
} catch (failure) {
  fail(failure);
}
