'use strict';
// What a cluster node's many /chat sessions cost the others when the node goes (BENCHMARK.md, "twenty-third
// session"); bench/cluster-sessions starts Redis and three nodes A, B, C and runs it. N clients on C each join one of
// 20 rooms owned on A, then C goes:
//   expiry: C is killed (SIGKILL) and nobody resumes; a client on A chats every 50 ms in a room with a member on B,
//           through the sessions' window and their ends, and the script prints its echo's latency, its refusals and
//           when the member on B was told of the ends;
//   resume: C is stopped (SIGTERM) and every client resumes on B, 200 at a time; the script prints how long that
//           took, the refusals, and the Redis script time it cost (INFO commandstats).
//
//   node cluster-sessions.js expiry|resume PORT_A PORT_B PORT_C PID_C N REDIS_PORT [WAIT_MS]
// Bounded: every request waits at most 30 s; expiry watches for WAIT_MS (default 85,000) after the kill.

const WebSocket = require('ws');
const { execFileSync } = require('child_process');

const [mode, portA, portB, portC, pidC, count, redisPort, waitMs] = process.argv.slice(2);
const N = Number(count);
const log = (...parts) => console.log(new Date().toISOString().slice(11, 23), ...parts);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** One /chat client: sends requests and waits for the answer carrying their requestId. */
class Client {
  constructor(port, name) {
    this.port = port;
    this.name = name;
    this.waiting = new Map();
    this.heard = [];
  }

  open() {
    return new Promise((resolve, reject) => {
      this.ws = new WebSocket(`ws://127.0.0.1:${this.port}/chat`, { perMessageDeflate: false });
      this.ws.on('open', () => resolve(this));
      this.ws.on('error', reject);
      this.ws.on('message', (data) => {
        const frame = JSON.parse(data.toString());
        const done = frame.requestId && this.waiting.get(frame.requestId);
        if (done) {
          this.waiting.delete(frame.requestId);
          done(frame);
        } else if (this.listening) {
          this.heard.push({ at: Date.now(), frame });
        }
      });
      this.closed = new Promise((done) => this.ws.on('close', done));
    });
  }

  request(body) {
    const requestId = `r${Math.random().toString(36).slice(2)}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name}: no answer to ${body.type}`)), 30000);
      this.waiting.set(requestId, (frame) => { clearTimeout(timer); resolve(frame); });
      this.ws.send(JSON.stringify({ ...body, requestId }));
    });
  }
}

function scriptTime() {
  const stats = execFileSync('redis-cli', ['-p', redisPort, 'info', 'commandstats']).toString();
  const found = stats.match(/cmdstat_evalsha:calls=(\d+),usec=(\d+)/);
  return found ? { calls: Number(found[1]), ms: Number(found[2]) / 1000 } : { calls: 0, ms: 0 };
}

async function inBatches(items, size, each) {
  for (let at = 0; at < items.length; at += size) {
    await Promise.all(items.slice(at, at + size).map(each));
  }
}

async function main() {
  const rooms = [];
  for (let i = 0; i < 20; i++) {
    const owner = await new Client(portA, `o${i}`).open();
    rooms.push((await owner.request({ type: 'CLIENT_ROOM_CREATE', roomName: `r${i}`, userName: `o${i}` })).roomID);
  }
  const members = Array.from({ length: N }, (_, i) => Object.assign(new Client(portC, `c${i}`), { room: rooms[i % 20] }));
  await inBatches(members, 50, async (member) => {
    await member.open();
    const joined = await member.request({ type: 'CLIENT_ROOM_JOIN', roomID: member.room, userName: member.name });
    member.session = joined.session;
    member.seq = joined.seq;
  });
  log('joined', members.length);
  if (mode === 'expiry') {
    await expiry(rooms[1]);
  } else {
    await resume(members);
  }
  process.exit(0);
}

async function expiry(room) {
  const watcher = await new Client(portB, 'watcher').open();
  await watcher.request({ type: 'CLIENT_ROOM_JOIN', roomID: room, userName: 'watcher' });
  watcher.listening = true;
  const sender = await new Client(portA, 'sender').open();
  await sender.request({ type: 'CLIENT_ROOM_JOIN', roomID: room, userName: 'sender' });
  const latencies = [];
  const refusals = [];
  let sending = true;
  const killedAt = Date.now() + 2000;
  const chatting = (async () => {
    while (sending) {
      const sent = Date.now();
      sender.request({ type: 'CLIENT_CHAT_SEND', roomID: room, userName: 'sender', message: 'ping' }).then(
        (answer) => (answer.status ? latencies.push([sent, Date.now() - sent]) : refusals.push(answer.reason)),
        () => refusals.push('NO_ANSWER'));
      await sleep(50);
    }
  })();
  await sleep(2000);
  process.kill(Number(pidC), 'SIGKILL');
  log('killed C');
  await sleep(Number(waitMs || 85000));
  sending = false;
  await chatting;
  await sleep(2000);
  const worst = {};
  for (const [sent, ms] of latencies) {
    const window = Math.floor((sent - killedAt) / 5000) * 5;
    worst[window] = Math.max(worst[window] || 0, ms);
  }
  const ends = watcher.heard.filter((h) => h.frame.type === 'SERVER_ROOM_EXIT');
  log('worst echo latency per 5 s since the kill (s: ms)', JSON.stringify(worst));
  log('refusals', refusals.length, JSON.stringify([...new Set(refusals)]));
  log('ends told to the member on B', ends.length,
    ends.length ? `from +${ends[0].at - killedAt} ms to +${ends[ends.length - 1].at - killedAt} ms` : '');
}

async function resume(members) {
  process.kill(Number(pidC), 'SIGTERM');
  await Promise.all(members.map((member) => member.closed));
  const before = scriptTime();
  const started = Date.now();
  const refused = {};
  await inBatches(members, 200, async (member) => {
    const again = await new Client(portB, member.name).open();
    const answer = await again.request({
      type: 'CLIENT_SESSION_RESUME', session: member.session, rooms: [{ roomID: member.room, seq: member.seq }] });
    if (!answer.status) refused[answer.reason] = (refused[answer.reason] || 0) + 1;
  });
  const after = scriptTime();
  log('resumed', members.length, 'in', Date.now() - started, 'ms; refused', JSON.stringify(refused),
    '; Redis scripts', after.calls - before.calls, 'calls,', Math.round(after.ms - before.ms), 'ms');
}

setTimeout(() => { console.error('timed out'); process.exit(1); }, 300000).unref();
main().catch((error) => { console.error(error); process.exit(1); });
