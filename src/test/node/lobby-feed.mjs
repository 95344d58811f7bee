// Checks the chat page's webapp/lobby-feed.js (LobbyFeed) against a fake ChatSocket: what it asks the server, and the
// list it shows from the subscription's reply and the changes pushed after it.
// usage: node lobby-feed.mjs
// Prints one line per check; exits 0 when all passed, 1 with the failure otherwise.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";

// webapp/ has no package.json, so node would read the module as CommonJS: it is imported as the browser does, as text
const source = await readFile(new URL("../../../webapp/lobby-feed.js", import.meta.url), "utf8");
const { LobbyFeed } = await import("data:text/javascript;base64," + Buffer.from(source).toString("base64"));

let checks = 0;

function ok(what) {
  checks++;
  console.log("ok " + checks + " " + what);
}

/** A ChatSocket that notes each request and lets the check answer it. */
class FakeSocket {
  isOpen = true;
  sent = [];
  #answers = [];

  request(message) {
    this.sent.push(message.type);
    return new Promise((resolve, reject) => this.#answers.push({ resolve, reject }));
  }

  /** Answers the oldest open request and lets the page's reaction run. */
  async answer(reply) {
    this.#answers.shift().resolve(reply);
    await new Promise((next) => setImmediate(next));
  }

  async refuse(reason) {
    const answer = this.#answers.shift();
    answer.reject(Object.assign(new Error(reason), { reason }));
    await new Promise((next) => setImmediate(next));
  }
}

const room = (roomID, roomName, owner, members) => ({ roomID, roomName, owner, members });
const change = (changes) => ({ type: "SERVER_LOBBY_CHANGE", changes });

function following() {
  const socket = new FakeSocket();
  const shown = [];
  const feed = new LobbyFeed(socket, (rooms) => shown.push(rooms));
  return { socket, feed, shown, last: () => shown.at(-1) };
}

try {
  {
    const { socket, feed, last } = following();
    feed.start();
    feed.start();
    assert.deepEqual(socket.sent, ["CLIENT_LOBBY_SUBSCRIBE"]);
    assert.equal(feed.take(change([{ change: "created", roomID: 1, roomName: "early", owner: "a", members: 1 }])), true);
    await socket.answer({ type: "SERVER_LOBBY_SUBSCRIBE", status: true, rooms: [room(7, "b", "o", 2), room(3, "a", "o", 1)] });
    assert.deepEqual(last(), [room(3, "a", "o", 1), room(7, "b", "o", 2)]);
    ok("subscribes once, shows the reply's rooms in order of their numbers and passes over changes before the reply");

    feed.take(
      change([
        { change: "created", roomID: 9, roomName: "new", owner: "p", members: 1 },
        { change: "members", roomID: 7, members: 3 },
        { change: "deleted", roomID: 3 },
        { change: "members", roomID: 42, members: 5 },
        { change: "deleted", roomID: 43 },
      ]),
    );
    assert.deepEqual(last(), [room(7, "b", "o", 3), room(9, "new", "p", 1)]);
    ok("applies created, members and deleted, and ignores changes of rooms it does not list");

    assert.equal(feed.take({ type: "SERVER_CHAT_SEND", roomID: 7 }), false);
    ok("leaves other frames to the page");

    feed.take({ type: "SERVER_LOBBY_RESYNC", reason: "MISSED_CHANGES" });
    assert.deepEqual(socket.sent, ["CLIENT_LOBBY_SUBSCRIBE", "CLIENT_LOBBY_SUBSCRIBE"]);
    await socket.answer({ type: "SERVER_LOBBY_SUBSCRIBE", status: true, rooms: [room(9, "new", "p", 4)] });
    assert.deepEqual(last(), [room(9, "new", "p", 4)]);
    ok("subscribes again when told to resync, and the new list replaces the old one");

    feed.stop();
    assert.deepEqual(socket.sent.at(-1), "CLIENT_LOBBY_UNSUBSCRIBE");
    const shownBefore = last();
    feed.take(change([{ change: "deleted", roomID: 9 }]));
    assert.equal(last(), shownBefore);
    ok("unsubscribes when stopped and then applies nothing");
  }
  {
    const { socket, feed, shown } = following();
    feed.start();
    feed.stop();
    await socket.answer({ type: "SERVER_LOBBY_SUBSCRIBE", status: true, rooms: [room(1, "late", "o", 1)] });
    assert.deepEqual(shown, []);
    ok("a reply that comes after it stopped is not shown");

    feed.start();
    feed.lost();
    socket.isOpen = false;
    await socket.refuse("offline");
    feed.start();
    assert.deepEqual(socket.sent, ["CLIENT_LOBBY_SUBSCRIBE", "CLIENT_LOBBY_UNSUBSCRIBE", "CLIENT_LOBBY_SUBSCRIBE"]);
    socket.isOpen = true;
    feed.start();
    assert.equal(socket.sent.at(-1), "CLIENT_LOBBY_SUBSCRIBE");
    assert.equal(socket.sent.length, 4);
    ok("a lost connection ends the subscription without an unsubscription; the next connection subscribes again");
  }
  console.log(`lobby feed: ${checks} checks passed`);
} catch (failure) {
  console.error(failure);
  process.exit(1);
}
