// What the recovery scripts (recovery.mjs, cluster-recovery.mjs) share: the conversation with the test that runs them
// (it acts on request: "? cut" and the like, answered with the same words on stdin), socket.io-client pages that queue
// every event they receive, and the checks' bookkeeping.
import { io } from "socket.io-client";
import assert from "node:assert/strict";
import readline from "node:readline";

export const WAIT_MS = 10_000;
const CUT_WAIT_MS = 3_000;
const CUT_ATTEMPTS = 4;
const sockets = [];
let checks = 0;

// the test's answers, line by line
const answers = [];
const asking = [];
readline.createInterface({ input: process.stdin })
  .on("line", (line) => (asking.length ? asking.shift()(line) : answers.push(line)))
  .on("close", () => asking.splice(0).forEach((wake) => wake(null)));

/** Asks the test to do something and waits for its answer. */
export async function test(request) {
  console.log("? " + request);
  const answer = answers.length ? answers.shift() : await new Promise((resolve) => asking.push(resolve));
  assert.equal(answer, request, "the test did " + request);
}

/** Fails the script unless it is done (finish) within the given time. */
export function within(totalMs) {
  const overall = setTimeout(() => fail(new Error(`not done within ${totalMs} ms`)), totalMs);
  return () => clearTimeout(overall);
}

/**
 * A page in `room` over `transport` (socket.io-client's own reconnection off): every event it receives is queued with
 * all its arguments (the offset goes last).
 */
export function page(name, url, { path, transport, room }, options = {}) {
  const socket = io(url, { path, transports: [transport], query: { name, room }, reconnection: false, ...options });
  const received = [];
  const waiters = [];
  socket.onAny((event, ...args) => {
    received.push({ event, body: args[0], args });
    waiters.splice(0).forEach((wake) => wake());
  });
  /** The next event the page received, which must be `event`; waits at most WAIT_MS. */
  socket.next = async (event) => {
    const deadline = Date.now() + WAIT_MS;
    while (received.length === 0) {
      if (Date.now() > deadline) throw new Error(`${name}: no ${event} within ${WAIT_MS} ms`);
      await new Promise((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
    const first = received.shift();
    assert.equal(first.event, event, `${name} expected ${event}, got ${JSON.stringify(first)}`);
    return first;
  };
  socket.nextEntry = async () => {
    await socket.next("chatting");
    return socket.next("join_room");
  };
  socket.nothingElse = () => assert.deepEqual(received, [], `${name} got more than expected`);
  sockets.push(socket);
  return socket;
}

export function ask(socket, event, ...args) {
  return socket.timeout(WAIT_MS).emitWithAck(event, ...args);
}

export function once(socket, event, waitMs = WAIT_MS) {
  return new Promise((resolve, reject) => {
    const listener = (...args) => {
      clearTimeout(timer);
      resolve(args);
    };
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`no ${event} within ${waitMs} ms`));
    }, waitMs);
    socket.once(event, listener);
  });
}

export function connected(socket) {
  return once(socket, "connect");
}

/**
 * Has the test break the page's connection (`how`: "cut", or what else the script's test does, such as "kill") until
 * the page notices; returns the disconnect reason. The relay resets the connections open at that moment, and a
 * polling page may be between two requests then (its next one not yet taken by the relay), so a cut that found
 * nothing of it is asked for again, a bounded number of times.
 */
export async function drop(socket, how = "cut") {
  for (let attempt = 1; ; attempt++) {
    const dropped = once(socket, "disconnect", how === "cut" ? CUT_WAIT_MS : 30_000);
    await test(attempt === 1 ? how : "cut");
    try {
      const [reason] = await dropped;
      return reason;
    } catch (failure) {
      if (attempt === CUT_ATTEMPTS) throw failure;
    }
  }
}

/** Bob says each message and waits for its ack and its echo; returns the echoes. */
export async function say(bob, ...messages) {
  const echoes = [];
  for (const msg of messages) {
    assert.equal((await ask(bob, "chatting", msg)).status, true, "bob's message is taken");
    echoes.push((await bob.next("chatting")).body);
  }
  return echoes;
}

/**
 * The page gets exactly these messages next, each with a string offset (the last argument) that counts up from
 * `after`; returns the last offset.
 */
export async function receives(socket, messages, after = -1) {
  let last = after;
  for (const msg of messages) {
    const { body, args } = await socket.next("chatting");
    assert.equal(body.msg, msg, "the next message");
    const offset = args.at(-1);
    assert.equal(typeof offset, "string", "the offset goes last, as a string");
    assert.ok(Number(offset) > last, `offsets count up (${offset} after ${last})`);
    last = Number(offset);
  }
  return last;
}

/** One check passed. */
export function ok(what) {
  checks++;
  console.log("ok " + checks + " " + what);
}

/** How many checks passed. */
export function passed() {
  return checks;
}

/** Ends the script with the failure. */
export function fail(failure) {
  console.error("FAILED: " + (failure.stack || failure));
  sockets.forEach((socket) => socket.disconnect());
  process.exit(1);
}

/** Ends the script: every page disconnects. */
export function done(summary) {
  sockets.forEach((socket) => socket.disconnect());
  console.log(summary);
  process.exit(0);
}
