'use strict';
// Not part of the benchmark: the yardstick that chose its generator. It drives the same fan-out as the Java
// generator (R rooms x M members on /chat, every member sending at a rate) with the npm `ws` client, and prints its
// own CPU time per received delivery, to set beside the Java generator's (BENCHMARK.md, "The generator").
//
//   node ws-client-probe.js --url ws://127.0.0.1:PORT/chat --rooms 20 --members 20 --rate 5 --seconds 15
// Bounded: it exits after setup (at most 60 s) plus the given seconds plus 5 s of drain.

const WebSocket = require('ws');

const options = { url: '', rooms: 20, members: 20, rate: 5, seconds: 15 };
for (let i = 2; i + 1 < process.argv.length; i += 2) {
  const key = process.argv[i].replace(/^--/, '');
  options[key] = key === 'url' ? process.argv[i + 1] : Number(process.argv[i + 1]);
}

const users = [];
let received = 0;
let sent = 0;
setTimeout(() => { console.error('setup timed out'); process.exit(1); }, 60000).unref();

function open(room, index) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(options.url, { perMessageDeflate: false });
    const user = { ws, room, name: `u${index}`, pending: null };
    ws.on('message', (data) => {
      const text = data.toString();
      if (text.includes('~b')) { received++; return; }
      if (user.pending && text.includes('"requestId"')) {
        const done = user.pending;
        user.pending = null;
        done(text);
      }
    });
    ws.on('open', () => resolve(user));
    ws.on('error', reject);
  });
}

function request(user, message) {
  return new Promise((resolve) => {
    user.pending = resolve;
    user.ws.send(JSON.stringify(message));
  });
}

async function main() {
  for (let r = 0; r < options.rooms; r++) {
    const room = { id: 0 };
    for (let m = 0; m < options.members; m++) {
      const user = await open(room, m);
      if (m === 0) {
        const reply = await request(user, { type: 'CLIENT_ROOM_CREATE', roomName: `probe-${r}`, userName: user.name, requestId: 1 });
        room.id = JSON.parse(reply).roomID;
      } else {
        await request(user, { type: 'CLIENT_ROOM_JOIN', roomID: room.id, userName: user.name, requestId: 2 });
      }
      users.push(user);
    }
  }
  const before = process.cpuUsage();
  const start = process.hrtime.bigint();
  const perMs = (users.length * options.rate) / 1000;
  const total = Math.floor(users.length * options.rate * options.seconds);
  const timer = setInterval(() => {
    const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
    const due = Math.min(total, Math.floor(elapsed * perMs) + 1);
    while (sent < due) {
      const user = users[sent % users.length];
      const text = `~b1.${process.hrtime.bigint()}.`.padEnd(64, 'x');
      user.ws.send(JSON.stringify({ type: 'CLIENT_CHAT_SEND', roomID: user.room.id, userName: user.name, message: text }));
      sent++;
    }
    if (sent >= total) {
      clearInterval(timer);
      setTimeout(() => {
        const cpu = process.cpuUsage(before);
        const seconds = (cpu.user + cpu.system) / 1e6;
        console.log(JSON.stringify({ sent, expected: sent * options.members, received, cpuSeconds: seconds,
          microsPerDelivery: (seconds * 1e6) / Math.max(1, received) }));
        process.exit(0);
      }, 5000);
    }
  }, 1);
}

main().catch((e) => { console.error(e); process.exit(1); });
