'use strict';
// Not part of the benchmark's matrix: opens idle /chat connections for a heap histogram of what each one holds
// (BENCHMARK.md, "what an idle connection holds"). Rooms of 10: a creator and nine joiners each; then it idles until
// killed, or for 10 minutes at most.
//
//   node idle-connections.js ws://127.0.0.1:PORT/chat 4000      (prints "ready N" once all are in their rooms)
// Install first: npm ci --prefix bench/peers (bench/run does it on first use).

const WebSocket = require('ws');

const [url, count] = [process.argv[2], Number(process.argv[3] || 4000)];
if (!url || !(count > 0) || count > 19000) {
  console.error('usage: node idle-connections.js ws://HOST:PORT/chat COUNT (1-19000)');
  process.exit(2);
}
setTimeout(() => process.exit(0), 600000);
const sockets = [];

function connect() {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    sockets.push(ws);
    ws.on('open', () => resolve(ws));
    ws.on('error', reject);
  });
}

function request(ws, message) {
  return new Promise((resolve) => {
    ws.once('message', (data) => resolve(JSON.parse(data.toString())));
    ws.send(JSON.stringify(message));
  });
}

(async () => {
  for (let room = 0; room < Math.ceil(count / 10); room++) {
    const owner = await connect();
    const create = { type: 'CLIENT_ROOM_CREATE', roomName: 'idle ' + room, userName: 'o' + room };
    const created = await request(owner, create);
    const joins = [];
    for (let member = 1; member < 10 && room * 10 + member < count; member++) {
      joins.push(connect().then((ws) =>
        request(ws, { type: 'CLIENT_ROOM_JOIN', roomID: created.roomID, userName: 'm' + member })));
    }
    await Promise.all(joins);
  }
  console.log('ready ' + sockets.length);
})().catch((failure) => {
  console.error(failure);
  process.exit(1);
});
