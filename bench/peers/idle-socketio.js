'use strict';
// Not part of the benchmark's matrix: opens idle Socket.IO WebSocket sessions (pages p0, p1, ... in rooms idle0,
// idle1, ..., ten to a room), each of which has said something (its CONNECT to the main namespace), for a heap
// measurement of what each one holds (BENCHMARK.md, "what a Socket.IO session holds on Tomcat"). Answers the server's
// pings; idles until killed, or for 10 minutes at most.
//
//   node idle-socketio.js ws://127.0.0.1:PORT/socketchat/socket.io/ 200   (prints "ready N" once all are connected)
// Install first: npm ci --prefix bench/peers (bench/run does it on first use).

const WebSocket = require('ws');

const [base, count] = [process.argv[2], Number(process.argv[3] || 200)];
if (!base || !(count > 0) || count > 19000) {
  console.error('usage: node idle-socketio.js ws://HOST:PORT/PATH/socket.io/ COUNT (1-19000)');
  process.exit(2);
}
setTimeout(() => process.exit(0), 600000);
const sockets = [];

function connect(page) {
  return new Promise((resolve, reject) => {
    const query = '?EIO=4&transport=websocket&name=p' + page + '&room=idle' + Math.floor(page / 10);
    const ws = new WebSocket(base + query, { perMessageDeflate: false });
    sockets.push(ws);
    ws.on('message', (data) => {
      const frame = data.toString();
      if (frame.startsWith('0{')) {
        ws.send('40');
      } else if (frame === '2') {
        ws.send('3');
      } else if (frame.startsWith('40{')) {
        resolve(ws);
      }
    });
    ws.on('error', reject);
    ws.on('close', (code) => reject(new Error('closed with ' + code)));
  });
}

(async () => {
  for (let i = 0; i < count; i += 50) {
    const batch = [];
    for (let j = i; j < Math.min(count, i + 50); j++) {
      batch.push(connect(j));
    }
    await Promise.all(batch);
  }
  console.log('ready ' + sockets.length);
})().catch((failure) => {
  console.error(failure);
  process.exit(1);
});
