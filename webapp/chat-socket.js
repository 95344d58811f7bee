// One /chat WebSocket that reconnects by itself and matches each reply to its request by requestId.

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 8000;
const SLOW_REPLY_MS = 5000;
/**
 * How long the page waits for an answer while nothing at all comes from the server before it takes the connection
 * for lost (a page cannot see the server's pings: a network that went silent would leave it waiting for ever).
 */
const SILENT_MS = 20000;
/** The close code that tells the server this page comes back to resume its session (PROTOCOL.md): not a goodbye. */
const TO_RESUME = 4001;

/**
 * The WebSocket address of the /chat endpoint for a page: `endpoint` is resolved against the page's own address
 * (so "chat" lands in the page's directory: /chat at the root, /socketchat/chat in the WAR) and the scheme follows
 * the page's (http: gives ws:, https: gives wss:).
 */
export function chatEndpoint(endpoint, page) {
  const url = new URL(endpoint, page);
  const scheme = { 'http:': 'ws:', 'https:': 'wss:' }[url.protocol] ?? url.protocol;
  return `${scheme}//${url.host}${url.pathname}${url.search}`;
}

/** The server refused a request: `reason` is its machine-readable code. */
export class ChatRefusal extends Error {
  constructor(reply) {
    super(reply.detail || reply.reason || 'refused');
    this.name = 'ChatRefusal';
    this.reason = reply.reason;
    this.reply = reply;
  }
}

/** The request could not be sent, or its answer was lost with the connection. */
export class ChatOffline extends Error {
  /** @param {number|undefined} requestId the request's id when it was sent before the connection went away */
  constructor(requestId) {
    super('not connected');
    this.name = 'ChatOffline';
    this.requestId = requestId;
  }
}

/**
 * A connection to /chat that keeps itself open. Events:
 * `state` (see `state`), `open` (detail.reconnected), `lost` (an open connection went away),
 * `message` (a frame that answers none of our requests: what others did in our rooms).
 *
 * `state` is `connecting` (first attempt), `open`, `waiting` (until `retryAt`), `reconnecting`, or `closed`.
 */
export class ChatSocket extends EventTarget {
  #url;
  #socket = null;
  #pending = new Map();
  #nextRequestId = 1;
  #failures = 0;
  #opens = 0;
  #timer = null;
  #stopped = false;
  #lastHeard = 0;
  #onNetworkBack = () => this.retryNow();

  /** @param {string|function(): string} url the address, or a function asked for it at every connect */
  constructor(url) {
    super();
    this.#url = url;
    this.state = 'connecting';
    this.retryAt = 0;
  }

  get isOpen() {
    return this.#socket !== null && this.#socket.readyState === WebSocket.OPEN;
  }

  start() {
    this.#stopped = false;
    window.addEventListener('online', this.#onNetworkBack);
    this.#connect();
  }

  /** Closes the connection for good: no reconnect, every pending request fails. */
  stop() {
    this.#stopped = true;
    window.removeEventListener('online', this.#onNetworkBack);
    clearTimeout(this.#timer);
    const socket = this.#socket;
    this.#socket = null;
    if (socket) {
      socket.onopen = socket.readyState === WebSocket.CONNECTING ? () => socket.close(1000) : null;
      socket.onmessage = null;
      socket.onclose = null;
      socket.onerror = null;
      if (socket.readyState === WebSocket.OPEN) {
        socket.close(1000, 'bye');
      }
    }
    this.#failAll();
    this.#setState('closed');
  }

  /** Skips the wait before the next attempt. */
  retryNow() {
    if (this.state === 'waiting') {
      clearTimeout(this.#timer);
      this.#connect();
    }
  }

  /**
   * Sends a request with a fresh requestId. Resolves with the successful reply; rejects with ChatRefusal
   * (status false) or ChatOffline (not connected, or the connection went away). A request waits for its answer as
   * long as the connection lasts: the server answers every request, in order, so a late answer is still the answer
   * (taking it for a failure would leave a message posted twice, or a room made or joined that the page does not
   * show). `onSlow` is called once if no answer came within SLOW_REPLY_MS, for the page to say it is still waiting.
   * When nothing at all came from the server for SILENT_MS meanwhile, the connection is taken for lost: it is closed
   * with TO_RESUME, the request fails with ChatOffline, and the page reconnects and resumes as after any drop.
   */
  request(message, onSlow = () => {}) {
    if (!this.isOpen) {
      return Promise.reject(new ChatOffline());
    }
    const requestId = this.#nextRequestId++;
    const socket = this.#socket;
    const sentAt = Date.now();
    const watch = (delay) =>
      setTimeout(() => {
        const pending = this.#pending.get(requestId);
        if (!pending || this.#socket !== socket) {
          return;
        }
        const silentFor = Date.now() - Math.max(this.#lastHeard, sentAt);
        if (silentFor >= SILENT_MS) {
          socket.onmessage = null; // what the old connection still brings is replayed on the next one
          this.#lose(socket, { code: TO_RESUME, reason: 'no answer' });
          socket.close(TO_RESUME, 'no answer'); // reaches a server that was only slow: it keeps the session
        } else {
          pending.timer = watch(SILENT_MS - silentFor);
        }
      }, delay);
    return new Promise((resolve, reject) => {
      const pending = { resolve, reject, timer: null, slow: setTimeout(onSlow, SLOW_REPLY_MS) };
      pending.timer = watch(SILENT_MS);
      this.#pending.set(requestId, pending);
      socket.send(JSON.stringify({ ...message, requestId }));
    });
  }

  #connect() {
    this.#setState(this.#opens === 0 ? 'connecting' : 'reconnecting');
    let socket;
    try {
      socket = new WebSocket(typeof this.#url === 'function' ? this.#url() : this.#url);
    } catch (invalidAddress) {
      this.#retryLater();
      return;
    }
    this.#socket = socket;
    socket.onopen = () => {
      this.#failures = 0;
      const reconnected = this.#opens++ > 0;
      this.#setState('open');
      this.dispatchEvent(new CustomEvent('open', { detail: { reconnected } }));
    };
    socket.onmessage = (event) => {
      this.#lastHeard = Date.now();
      this.#receive(event.data);
    };
    socket.onerror = () => {}; // a close event always follows; that is where we act
    socket.onclose = (event) => this.#lose(socket, event);
  }

  /** The connection went away (or is taken for lost): pending requests fail, and the page tries again. */
  #lose(socket, event) {
    if (this.#socket !== socket) {
      return;
    }
    const wasOpen = this.state === 'open';
    this.#socket = null;
    this.#failAll();
    if (wasOpen) {
      // the close code and reason say why, when the server closed it (PROTOCOL.md, close codes)
      this.dispatchEvent(new CustomEvent('lost', { detail: { code: event?.code, reason: event?.reason ?? '' } }));
    }
    this.#retryLater();
  }

  #retryLater() {
    if (this.#stopped) {
      return;
    }
    const base = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** this.#failures++);
    const delay = Math.round(base * (0.8 + Math.random() * 0.4));
    this.retryAt = Date.now() + delay;
    this.#setState('waiting');
    this.#timer = setTimeout(() => this.#connect(), delay);
  }

  #receive(data) {
    let message;
    try {
      message = JSON.parse(data);
    } catch (notJson) {
      return; // the server only sends JSON; anything else is not ours to show
    }
    if (message === null || typeof message !== 'object') {
      return;
    }
    const pending = message.requestId == null ? undefined : this.#pending.get(message.requestId);
    if (pending) {
      this.#pending.delete(message.requestId);
      clearTimeout(pending.timer);
      clearTimeout(pending.slow);
      if (message.status === false) {
        pending.reject(new ChatRefusal(message));
      } else {
        pending.resolve(message);
      }
      return;
    }
    this.dispatchEvent(new CustomEvent('message', { detail: message }));
  }

  #failAll() {
    for (const [requestId, pending] of this.#pending) {
      clearTimeout(pending.timer);
      clearTimeout(pending.slow);
      pending.reject(new ChatOffline(requestId));
    }
    this.#pending.clear();
  }

  #setState(state) {
    this.state = state;
    this.dispatchEvent(new CustomEvent('state', { detail: { state } }));
  }
}
