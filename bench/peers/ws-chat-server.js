'use strict';
// The Node `ws` peer: the /chat room protocol (PROTOCOL.md) with the same rules as socketchat, written the way a
// careful Node developer would (one JSON.stringify and one Buffer per broadcast, heartbeat pings, a backlog limit),
// so that socketchat is measured against a strong peer, not a straw man.
//
//   node ws-chat-server.js --host 127.0.0.1 --port 0 [--heartbeat-interval 25000]
// prints "ready at http://HOST:PORT/" once listening; GET /status answers the same counts as socketchat.

const http = require('http');
const { WebSocketServer } = require('ws');
const { parse } = require('./options');

const options = parse(process.argv.slice(2));
const MAX_FRAME = 64 * 1024;
const OUTBOX_LIMIT = 1024 * 1024;

const rooms = new Map(); // roomID -> {id, name, owner: conn, members: Map<conn, name>, names: Set<name>}
let lastRoomId = 0;
let connections = 0;

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/status') {
    let memberships = 0;
    for (const room of rooms.values()) memberships += room.members.size;
    const body = JSON.stringify({
      status: 'UP', connections, seats: memberships, rooms: rooms.size, openRooms: 0, memberships,
    });
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(body);
    return;
  }
  res.writeHead(404);
  res.end();
});

const wss = new WebSocketServer({ server, path: '/chat', maxPayload: MAX_FRAME, perMessageDeflate: false });

const heartbeat = setInterval(() => {
  for (const ws of wss.clients) {
    const conn = ws.conn;
    if (!conn) continue;
    if (!conn.alive) { ws.terminate(); continue; }
    conn.alive = false;
    ws.ping();
  }
}, options.heartbeatInterval);
wss.on('connection', (ws) => {
  connections++;
  const conn = { ws, name: null, rooms: new Set(), alive: true };
  ws.conn = conn;
  ws.on('pong', () => { conn.alive = true; });
  ws.on('message', (data, isBinary) => {
    conn.alive = true;
    if (isBinary) {
      reply(conn, { type: 'SERVER_ERROR', status: false, reason: 'BINARY_NOT_SUPPORTED',
        detail: 'send requests as JSON text frames' });
      return;
    }
    handle(conn, data.toString());
  });
  ws.on('close', () => {
    connections--;
    for (const room of [...conn.rooms]) leave(conn, room, true, undefined);
  });
  ws.on('error', () => {});
});

function handle(conn, text) {
  let request;
  try {
    request = JSON.parse(text);
  } catch (e) {
    reply(conn, { type: 'SERVER_ERROR', status: false, reason: 'BAD_JSON', detail: 'the frame is not valid JSON' });
    return;
  }
  if (request === null || typeof request !== 'object' || Array.isArray(request)) {
    reply(conn, { type: 'SERVER_ERROR', status: false, reason: 'NOT_OBJECT', detail: 'the frame must be a JSON object' });
    return;
  }
  const requestId = request.requestId;
  const answer = REPLY_TYPES[request.type];
  if (!answer) {
    reply(conn, withId({ type: 'SERVER_ERROR', status: false,
      reason: typeof request.type === 'string' ? 'UNKNOWN_TYPE' : 'BAD_TYPE', detail: 'unknown type' }, requestId));
    return;
  }
  try {
    switch (request.type) {
      case 'CLIENT_ROOM_CREATE': return create(conn, request, requestId);
      case 'CLIENT_ROOM_JOIN': return join(conn, request, requestId);
      case 'CLIENT_CHAT_SEND': return chat(conn, request, requestId);
      case 'CLIENT_ROOM_EXIT': return exit(conn, request, requestId);
      case 'CLIENT_ROOM_DELETE': return remove(conn, request, requestId);
      case 'CLIENT_ROOM_LIST': return list(conn, requestId);
    }
  } catch (refusal) {
    if (!(refusal instanceof Refusal)) throw refusal;
    const failure = { type: answer, status: false };
    if (Number.isInteger(refusal.roomId)) failure.roomID = refusal.roomId;
    failure.reason = refusal.reason;
    failure.detail = refusal.detail;
    reply(conn, withId(failure, requestId));
  }
}

function create(conn, request, requestId) {
  const name = as(conn, request);
  const roomName = text(request.roomName, 30, 'BAD_ROOM_NAME', 'roomName');
  const room = { id: ++lastRoomId, name: roomName, owner: conn, members: new Map(), names: new Set() };
  rooms.set(room.id, room);
  enter(conn, room, name);
  reply(conn, withId({ type: 'SERVER_ROOM_CREATE', status: true, roomID: room.id, roomName }, requestId));
}

function join(conn, request, requestId) {
  const id = roomId(request.roomID);
  const name = as(conn, request, id);
  const room = existing(id);
  if (room.members.has(conn)) throw new Refusal('ALREADY_MEMBER', `you are already in room ${id}`, id);
  if (room.names.has(name)) throw new Refusal('NAME_TAKEN', `the nickname "${name}" is already in room ${id}`, id);
  enter(conn, room, name);
  broadcast(room, conn, { type: 'SERVER_ROOM_JOIN', status: true, roomID: id, nickName: name });
  reply(conn, withId({ type: 'SERVER_ROOM_JOIN', status: true, roomID: id, nickName: name, roomName: room.name,
    owner: room.owner.name, members: [...room.members.values()] }, requestId));
}

function chat(conn, request, requestId) {
  const id = roomId(request.roomID);
  const name = as(conn, request, id);
  const message = text(request.message, 128, 'BAD_MESSAGE', 'message', true);
  const room = member(existing(id), conn, id);
  const notice = { type: 'SERVER_CHAT_SEND', status: true, roomID: id, nickname: name, message,
    time: new Date().toISOString() };
  broadcast(room, conn, notice);
  reply(conn, withId(notice, requestId));
}

function exit(conn, request, requestId) {
  const id = roomId(request.roomID);
  const name = as(conn, request, id);
  const room = member(existing(id), conn, id);
  leave(conn, room, false, requestId);
  conn.name = name;
}

function remove(conn, request, requestId) {
  const id = roomId(request.roomID);
  const name = as(conn, request, id);
  const room = existing(id);
  if (room.owner !== conn) throw new Refusal('NOT_OWNER', `only the owner, ${room.owner.name}, may delete room ${id}`, id);
  conn.name = name;
  end(room, conn, { type: 'SERVER_ROOM_DELETE', status: true, roomID: id }, requestId, true);
}

function list(conn, requestId) {
  const entries = [...rooms.values()].map((room) => ({ roomID: room.id, roomName: room.name, owner: room.owner.name,
    members: room.members.size }));
  reply(conn, withId({ type: 'SERVER_ROOM_LIST', status: true, rooms: entries }, requestId));
}

/** Takes a member out of a room: the owner leaving ends it; a drop tells the others, an exit tells everyone. */
function leave(conn, room, dropped, requestId) {
  const name = room.members.get(conn);
  if (room.owner === conn) {
    const notice = { type: 'SERVER_ROOM_DELETE', status: true, roomID: room.id };
    end(room, conn, notice, undefined, false);
    if (!dropped) reply(conn, withId({ type: 'SERVER_ROOM_EXIT', status: true, roomID: room.id, nickName: name }, requestId));
    return;
  }
  room.members.delete(conn);
  room.names.delete(name);
  conn.rooms.delete(room);
  const notice = { type: 'SERVER_ROOM_EXIT', status: true, roomID: room.id, nickName: name };
  broadcast(room, conn, notice);
  if (!dropped) reply(conn, withId(notice, requestId));
}

function end(room, conn, notice, requestId, tellOwner) {
  rooms.delete(room.id);
  broadcast(room, conn, notice);
  for (const member of room.members.keys()) member.rooms.delete(room);
  room.members.clear();
  if (tellOwner) reply(conn, withId(notice, requestId));
}

function enter(conn, room, name) {
  room.members.set(conn, name);
  room.names.add(name);
  conn.rooms.add(room);
  conn.name = name;
}

/** Sends one notice to every member but the origin: serialized and encoded once, the same buffer for all. */
function broadcast(room, origin, notice) {
  const frame = Buffer.from(JSON.stringify(notice));
  for (const member of room.members.keys()) {
    if (member !== origin) send(member, frame);
  }
}

function reply(conn, message) {
  send(conn, Buffer.from(JSON.stringify(message)));
}

function send(conn, frame) {
  const ws = conn.ws;
  if (ws.readyState !== ws.OPEN) return;
  if (ws.bufferedAmount + frame.length > OUTBOX_LIMIT) {
    ws.close(1013, 'too slow: outbound queue full');
    return;
  }
  ws.send(frame, { binary: false });
}

function withId(message, requestId) {
  if (requestId !== undefined && requestId !== null) message.requestId = requestId;
  return message;
}

function as(conn, request, id) {
  const name = text(request.userName, 10, 'BAD_USER_NAME', 'userName', false, id);
  if (conn.name !== null && conn.name !== name) {
    throw new Refusal('USER_MISMATCH', `this connection speaks as "${conn.name}", not "${name}"`, id);
  }
  return name;
}

function text(value, max, reason, field, multiline, id) {
  if (typeof value !== 'string') throw new Refusal(reason, `${field} must be a string`, id);
  const normalized = multiline ? value.normalize('NFC') : value.normalize('NFC').trim();
  const forbidden = multiline ? /[\u0000-\u0008\u000b-\u001f\u007f]/ : /[\u0000-\u001f\u007f]/;
  const length = [...normalized].length;
  if (length === 0 || normalized.trim().length === 0 || length > max || forbidden.test(normalized)) {
    throw new Refusal(reason, `${field} must be 1 to ${max} characters without control characters`, id);
  }
  return normalized;
}

function roomId(value) {
  if (Number.isInteger(value) && value > 0 && value <= 0x7fffffff) return value;
  if (typeof value === 'string' && /^[0-9]{1,10}$/.test(value) && Number(value) > 0 && Number(value) <= 0x7fffffff) {
    return Number(value);
  }
  throw new Refusal('BAD_ROOM_ID', 'roomID must be a positive integer');
}

function existing(id) {
  const room = rooms.get(id);
  if (!room) throw new Refusal('NO_SUCH_ROOM', `there is no room ${id}`, id);
  return room;
}

function member(room, conn, id) {
  if (!room.members.has(conn)) throw new Refusal('NOT_MEMBER', `you are not in room ${id}`, id);
  return room;
}

class Refusal extends Error {
  constructor(reason, detail, roomId) {
    super(detail);
    this.reason = reason;
    this.detail = detail;
    this.roomId = roomId;
  }
}

const REPLY_TYPES = {
  CLIENT_ROOM_CREATE: 'SERVER_ROOM_CREATE',
  CLIENT_ROOM_JOIN: 'SERVER_ROOM_JOIN',
  CLIENT_CHAT_SEND: 'SERVER_CHAT_SEND',
  CLIENT_ROOM_EXIT: 'SERVER_ROOM_EXIT',
  CLIENT_ROOM_DELETE: 'SERVER_ROOM_DELETE',
  CLIENT_ROOM_LIST: 'SERVER_ROOM_LIST',
};

function shutdown() {
  clearInterval(heartbeat);
  for (const ws of wss.clients) ws.close(1001, 'server shutting down');
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

server.listen(options.port, options.host, () => {
  const { address, port } = server.address();
  console.log(`ready at http://${address}:${port}/`);
});
