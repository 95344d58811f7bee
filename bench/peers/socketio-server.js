'use strict';
// The Node Socket.IO 4.8 peer: the seed's open multi-room chat (join_room / chatting / leave_room, everything said on
// chatting, the room and the nickname from the handshake query), as the system socketchat replaces runs it, on the
// default in-memory adapter.
//
//   node socketio-server.js --host 127.0.0.1 --port 0 [--heartbeat-interval 25000]
// prints "ready at http://HOST:PORT/" once listening; GET /status answers the same counts as socketchat.

const http = require('http');
const { Server } = require('socket.io');
const { parse } = require('./options');

const options = parse(process.argv.slice(2));

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/status') {
    let openRooms = 0;
    let memberships = 0;
    const sids = io.of('/').sockets;
    for (const [room, members] of io.of('/').adapter.rooms) {
      if (sids.has(room)) continue; // every socket's own room
      openRooms++;
      memberships += members.size;
    }
    const body = JSON.stringify({
      status: 'UP', connections: io.engine.clientsCount, seats: memberships, rooms: 0, openRooms, memberships,
    });
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(body);
  }
});

const io = new Server(server, {
  path: '/socket.io/',
  serveClient: false,
  pingInterval: options.heartbeatInterval,
  pingTimeout: 20000,
  maxHttpBufferSize: 1e6,
  perMessageDeflate: false,
});

io.use((socket, next) => {
  const { name, room } = socket.handshake.query;
  if (!validText(name, 10)) return next(new Error('query "name" must be 1 to 10 characters'));
  if (!validText(room, 64)) return next(new Error('query "room" must be 1 to 64 characters'));
  next();
});

io.on('connection', (socket) => {
  const name = socket.handshake.query.name.trim();
  const room = socket.handshake.query.room.trim();
  let inRoom = false;
  const size = () => io.of('/').adapter.rooms.get(room)?.size ?? 0;

  socket.on('join_room', (data, ack) => {
    const type = data && (data.type === 1 || data.type === '1') ? 1 : 0;
    if (!inRoom) {
      socket.join(room);
      inRoom = true;
    }
    if (type === 0) {
      const notice = { msg: `${name} 님이 입장하셨습니다.`, type: 'notice', size: size(), name, room, timestamp: now() };
      io.to(room).emit('chatting', notice);
      io.to(room).emit('join_room', notice);
    }
    answer(ack, { status: true });
  });

  socket.on('chatting', (data, ack) => {
    const msg = typeof data === 'string' ? data : data && data.msg;
    if (!inRoom) return answer(ack, { status: false, reason: 'NOT_MEMBER' });
    if (!validText(msg, 128, true)) return answer(ack, { status: false, reason: 'BAD_MESSAGE' });
    io.to(room).emit('chatting', { msg, name, type: 'chat', time: clock(), view: size(), room, timestamp: now() });
    answer(ack, { status: true });
  });

  socket.on('leave_room', (data, ack) => {
    if (!inRoom) return answer(ack, { status: false, reason: 'NOT_MEMBER' });
    socket.leave(room);
    inRoom = false;
    socket.to(room).emit('chatting', { msg: `${name} 님이 퇴장하셨습니다.`, type: 'notice', size: size(), name, room,
      timestamp: now() });
    answer(ack, { status: true });
  });
});

function answer(ack, value) {
  if (typeof ack === 'function') ack(value);
}

// the seed server's clock: 오전/오후 and the 12-hour hh:mm
function clock() {
  const date = new Date();
  const hour = date.getHours() % 12 === 0 ? 12 : date.getHours() % 12;
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getHours() < 12 ? '오전' : '오후'} ${pad(hour)}:${pad(date.getMinutes())}`;
}

function now() {
  return new Date().toISOString();
}

function validText(value, max, multiline) {
  if (typeof value !== 'string') return false;
  const text = multiline ? value : value.trim();
  const length = [...text].length;
  return length > 0 && length <= max && text.trim().length > 0;
}

function shutdown() {
  io.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

server.listen(options.port, options.host, () => {
  const { address, port } = server.address();
  console.log(`ready at http://${address}:${port}/`);
});
