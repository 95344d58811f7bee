// Checks that a connection cut between the two packets of an entry notice (on `chatting`, then the same notice on
// `join_room`) is recovered with the second one: each packet carries its own offset, as on Socket.IO's own server, so
// the offset socket.io-client kept from the first does not pass for the second. The script relays alice's WebSocket
// itself and cuts it right after the frame that holds carol's entry notice on `chatting`. With a fourth argument (a
// cluster's other node) alice starts there and recovers at <ws-url>, where bob and carol are: the relay, a load
// balancer, sends her reconnection to the other node.
// usage: node entry-recovery.mjs <ws-url> <socket.io path> <room key> [<ws-url alice starts on>]
// Prints one line per check; exits 0 when all passed, 1 with the failure otherwise.
import assert from "node:assert/strict";
import net from "node:net";
import { connected, done, fail, ok, once, page as openPage, passed, receives, say, within } from "./recovery-pages.mjs";

const [direct, path, room, first] = process.argv.slice(2);
if (!direct || !path || !room) {
  console.error("usage: node entry-recovery.mjs <ws-url> <socket.io path> <room key> [<ws-url alice starts on>]");
  process.exit(2);
}
const finish = within(60_000);
const where = { path, transport: "websocket", room };
let target = new URL(first ?? direct);

/**
 * A relay to the server that passes the server's WebSocket frames one by one; once `cutAfter` is set, the first frame
 * whose text it matches is the last one passed: the client's side then ends (as after a network that went away) and
 * the server's side is reset, and connections from then on go to `direct`.
 */
function relay() {
  const relayed = { cutAfter: null };
  relayed.server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    client.on("error", () => {});
    upstream.on("error", () => {});
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
    client.pipe(upstream);
    let pending = Buffer.alloc(0);
    let upgraded = false;
    upstream.on("data", (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      if (!upgraded) {
        const end = pending.indexOf("\r\n\r\n");
        if (end < 0) return;
        client.write(pending.subarray(0, end + 4));
        pending = pending.subarray(end + 4);
        upgraded = true;
      }
      for (let frame = whole(pending); frame > 0; frame = whole(pending)) {
        const bytes = pending.subarray(0, frame);
        pending = pending.subarray(frame);
        client.write(bytes);
        if (relayed.cutAfter && relayed.cutAfter.test(bytes.toString("utf8"))) {
          relayed.cutAfter = null;
          target = new URL(direct);
          client.unpipe(upstream);
          upstream.resetAndDestroy();
          client.end();
          return;
        }
      }
    });
  });
  return relayed;
}

/** The length of the server's (unmasked) WebSocket frame at the start of `bytes`, or 0 while it is not all there. */
function whole(bytes) {
  if (bytes.length < 2) return 0;
  const short = bytes[1] & 0x7f;
  const header = short === 126 ? 4 : short === 127 ? 10 : 2;
  if (bytes.length < header) return 0;
  const length = short === 126 ? bytes.readUInt16BE(2) : short === 127 ? Number(bytes.readBigUInt64BE(2)) : short;
  return bytes.length < header + length ? 0 : header + length;
}

try {
  const proxy = relay();
  await new Promise((resolve) => proxy.server.listen(0, "127.0.0.1", resolve));
  const relayed = `ws://127.0.0.1:${proxy.server.address().port}`;

  const bob = openPage("bob", direct, where);
  await connected(bob);
  await bob.emitWithAck("join_room", { type: 0 });
  await bob.nextEntry();
  // uncompressed, so that the relay can read the frames (Tomcat and WildFly take permessage-deflate when offered)
  const alice = openPage("alice", relayed, where, { perMessageDeflate: false });
  await connected(alice);
  await alice.emitWithAck("join_room", { type: 0 });
  await alice.nextEntry();
  await bob.nextEntry();
  const sid = alice.id;
  ok("bob and alice are in room " + room);

  proxy.cutAfter = /42\["chatting",\{[^}]*"type":"notice"[^}]*"name":"carol"/;
  const dropped = once(alice, "disconnect");
  const carol = openPage("carol", direct, where);
  await connected(carol);
  await carol.emitWithAck("join_room", { type: 0 });
  await bob.nextEntry();
  const [reason] = await dropped;
  const { body: notice, args } = await alice.next("chatting");
  assert.equal(notice.name, "carol", "alice got carol's entry notice on chatting");
  ok(`alice's connection was cut (${reason}) right after carol's entry notice on chatting (offset ${args.at(-1)})`);

  alice.connect();
  await connected(alice);
  assert.equal(alice.recovered, true, "socket.recovered");
  assert.equal(alice.id, sid, "the same socket id");
  const { body: twin } = await alice.next("join_room");
  assert.equal(twin.name, "carol", "the entry notice on join_room");
  await say(bob, "live");
  await receives(alice, ["live"]);
  alice.nothingElse();
  ok("alice recovered carol's entry notice on join_room, once, and nothing twice");

  proxy.server.close();
  finish();
  done(`entry notice recovery: ${passed()} checks passed`);
} catch (failure) {
  fail(failure);
}
