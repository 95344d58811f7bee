// The socketchat page: a nickname, a lobby of rooms, and the rooms themselves, over the /chat protocol.
import { ChatOffline, ChatRefusal, ChatSocket, chatEndpoint } from './chat-socket.js';
import { codePointLength, firstCodePoints, translateStatic, trimmedName, visibleName } from './dom.js';
import { pickLanguage, translator } from './i18n.js';
import { LobbyFeed } from './lobby-feed.js';
import { LobbyView } from './lobby-view.js';
import { Notices } from './notices.js';
import { Reconnection } from './reconnect.js';
import { RoomView } from './room-view.js';
import { isNews, oldestSeq, olderMessages, placeOf } from './session.js';

/** The server's limits, in characters (code points). */
export const LIMITS = Object.freeze({ nickname: 10, roomName: 30, message: 128 });

const LOG_LIMIT = 500;
/** How close to the top of the message list (in pixels) counts as "at the top": older messages are loaded then. */
const TOP_ZONE = 40;
const NICKNAME_KEY = 'socketchat.nickname';

/** A room this page is in (or is getting back into after a reconnect). */
class Room {
  constructor(key, id, name, owner, members) {
    this.key = key;
    this.id = id;
    this.name = name;
    this.owner = owner;
    this.members = [...members];
    this.entries = [];
    this.unread = 0;
    this.joined = true;
    this.lostAt = 0;
    this.seq = 0; // the last event number received in the room (session.js)
    this.era = 0; // entries numbered in an earlier era were numbered before the room started over
    this.olderDone = false;
    this.loadingOlder = false;
    this.leaving = false; // a leave or delete waits for its answer
    this.draft = ''; // the message box's text while another room is on screen
    this.draftNote = null; // and the word under it
    this.unanswered = 0; // messages sent here whose answer is late
  }
}

/** The page's controller: keeps the state, talks to the server, and keeps the views in step with both. */
class ChatApp {
  constructor(root, words) {
    this.root = root;
    this.words = words;
    this.t = words.text;
    this.endpoint = chatEndpoint(root.dataset.endpoint || 'chat', document.baseURI);
    // the site's sign-in token (README, "Signed identity"): the page then chats under the token's name
    this.token = () => siteToken(root);
    this.signedIn = this.token() !== null;
    this.moderator = false; // the token's roles make this page's user a moderator (SERVER_AUTH says so)
    this.refreshTimer = 0;
    this.nickname = this.signedIn ? null : loadNickname();
    this.rooms = new Map();
    this.nextKey = 1;
    this.current = null;
    this.view = null;
    this.socket = null;
    this.boundName = null;
    this.lobby = null;
    this.lobbyLoaded = false;
    // chat sent just before a drop, by requestId: its text went back to the box, but a resume may replay it as sent
    this.unconfirmed = new Map();
    this.reconnection = new Reconnection(this.rooms, {
      nickname: () => this.nickname,
      request: (message) => this.request(message),
      lobby: () => this.lobby,
      lobbyShown: () => this.view === 'lobby',
      note: (room, key) => this.note(room, this.t(key)),
      forget: (room, key) => this.forget(room, this.words.parts(key, { room: room.name })),
      tell: (key) => this.notices.notify(this.t(key), 'info'),
      insert: (room, messages) => this.insert(room, messages),
      changed: (room) => this.roomChanged(room),
      back: (resumed, lacking) => this.settleUnconfirmed(resumed, lacking),
      offline: () => {
        this.wentOffline();
        this.renderComposer();
        if (this.view === 'lobby') {
          this.renderLobby();
        }
      },
    });
    this.statusTimer = 0;
    const part = (id) => this.part(id);
    this.notices = new Notices(part, words);
    this.lobbyView = new LobbyView(this.part('rooms'), this.part('rooms-empty'), words, (id) => this.roomById(id));
    this.roomView = new RoomView(part, words, LIMITS.message);
  }

  /** The element with this data-testid. */
  part(id) {
    return this.root.querySelector(`[data-testid="${id}"]`);
  }

  start() {
    document.documentElement.lang = this.words.lang;
    translateStatic(this.root, this.t);
    this.part('message-input').placeholder = this.t('room.placeholder');
    this.wire();
    this.connect();
    this.renderWho();
    if (this.signedIn) {
      this.part('change-nickname').hidden = true; // the token says who this is
      this.show('lobby');
    } else if (this.nickname) {
      this.show('lobby');
    } else {
      this.showNickname();
    }
  }

  wire() {
    this.part('nickname-form').addEventListener('submit', (event) => this.submitNickname(event));
    this.part('nickname').addEventListener('input', () => this.notices.fieldError('nickname-error', null));
    this.part('cancel-nickname').addEventListener('click', () => this.show(this.current ? 'room' : 'lobby'));
    this.part('change-nickname').addEventListener('click', () => this.showNickname());
    this.part('retry-now').addEventListener('click', () => this.socket.retryNow());
    this.part('create-form').addEventListener('submit', (event) => this.createRoom(event));
    this.part('room-name').addEventListener('input', () => this.notices.fieldError('room-name-error', null));
    this.part('rooms').addEventListener('click', (event) => {
      const button = event.target.closest('[data-testid="join-room"]');
      if (button) {
        this.enterRoom(Number(button.closest('[data-room-id]').dataset.roomId), button);
      }
    });
    this.part('back-to-lobby').addEventListener('click', () => this.show('lobby'));
    this.part('exit-room').addEventListener('click', () => this.exitRoom());
    this.part('delete-room').addEventListener('click', () => this.deleteRoom());
    this.part('members').addEventListener('click', (event) => {
      const button = event.target.closest('[data-testid="kick-member"]');
      if (button) {
        this.kickMember(button.closest('[data-name]').dataset.name);
      }
    });
    this.part('composer').addEventListener('submit', (event) => this.sendMessage(event));
    this.part('messages').addEventListener('scroll', () => this.lookFurtherBack(), { passive: true });
    // A page kept in the back/forward cache would keep its connection, and its seats in rooms, while nobody sees it.
    window.addEventListener('pagehide', () => this.suspend());
    window.addEventListener('pageshow', (event) => {
      if (event.persisted) {
        this.connect(); // back from the cache: connect again and get back into the rooms
      }
    });
    const input = this.part('message-input');
    input.addEventListener('keydown', (event) => {
      // Enter sends; Shift+Enter is a new line; an IME still composing (Korean!) keeps its Enter
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
        event.preventDefault();
        this.part('composer').requestSubmit();
      }
    });
    input.addEventListener('input', (event) => {
      this.notices.fieldError('message-error', null);
      if (!event.isComposing) {
        this.limitMessage();
      }
      this.roomView.counter();
    });
    input.addEventListener('compositionend', () => {
      this.limitMessage();
      this.roomView.counter();
    });
    this.roomView.counter();
  }

  // --- the connection -----------------------------------------------------------------------------------------------

  /** Opens a new connection (a connection speaks under one nickname only, so a new nickname needs a new one). */
  connect() {
    if (this.socket) {
      this.socket.stop();
    }
    const socket = new ChatSocket(this.signedIn ? () => withToken(this.endpoint, this.token()) : this.endpoint);
    const mine = (handler) => (event) => {
      if (socket === this.socket) {
        handler(event);
      }
    };
    this.socket = socket;
    this.boundName = null;
    this.lobby?.lost();
    this.lobby = new LobbyFeed(socket, (rooms) => this.renderLobby(rooms));
    this.reconnection.follow(socket);
    socket.addEventListener('state', mine(() => this.renderStatus()));
    socket.addEventListener('message', mine((event) => this.serverEvent(event.detail)));
    socket.addEventListener('open', mine(() => this.connectedAgain()));
    if (this.signedIn) {
      socket.addEventListener('open', mine(() => this.signIn()));
    }
    socket.start();
  }

  /**
   * Asks the server who the token makes this page (the handshake's access_token signed the connection in already),
   * and sends a fresh token a minute before this one ends, if the site has given a fresh one by then.
   */
  async signIn(refresh = false) {
    const token = this.token();
    if (!token || (refresh && token === this.sentToken)) {
      return; // nothing fresh: the server closes the connection when the token ends, and the page connects anew
    }
    this.sentToken = token;
    try {
      const reply = await this.request({ type: 'CLIENT_AUTH', token });
      this.nickname = reply.userName;
      this.boundName = reply.userName;
      this.moderator = reply.moderator === true;
      this.renderWho();
      this.renderRoom();
      clearTimeout(this.refreshTimer);
      const ends = Date.parse(reply.expiresAt) - Date.now() - 60000;
      this.refreshTimer = setTimeout(() => this.signIn(true), Math.max(5000, ends));
    } catch (refused) {
      if (refused instanceof ChatRefusal) {
        this.notices.notify(this.words.reason(refused.reason), 'error');
      }
    }
  }

  /** Lets go of the connection while the page is hidden away; the server takes this page out of its rooms. */
  suspend() {
    this.socket.stop();
    this.reconnection.letGo();
  }

  /**
   * Sends a request as this page's user; remembers which nickname the connection now speaks under, and the session
   * token a reply carries. `onSlow` says that its answer is late (by default a notice that the page is still waiting,
   * taken down once the request is settled: it waits for as long as the connection lasts, and a lost connection fails
   * the request).
   */
  request(message, onSlow) {
    if ('userName' in message) {
      this.boundName = message.userName;
    }
    let waiting = null;
    const late = onSlow ?? (() => (waiting = this.notices.notify(this.t('notice.slow'), 'info', { lasting: true })));
    return this.socket
      .request(message, late)
      .then((reply) => this.reconnection.remember(reply))
      .finally(() => waiting?.remove());
  }

  /** What others did in the rooms this page is in, and what changed in the lobby. */
  serverEvent(message) {
    if (this.lobby.take(message)) {
      return;
    }
    const room = message.roomID == null ? undefined : this.roomById(message.roomID);
    if (room && !isNews(room, message)) {
      return; // replayed after a resume, and shown already
    }
    switch (message.type) {
      case 'SERVER_CHAT_SEND':
        if (room && message.status) {
          this.append(room, this.chatEntry(message, room));
          this.confirmed(message.requestId);
        }
        break;
      case 'SERVER_ROOM_JOIN':
        if (room && message.status && message.nickName) {
          if (!room.members.includes(message.nickName)) {
            room.members.push(message.nickName);
          }
          this.note(room, this.words.parts('log.joined', { name: message.nickName }), message.seq);
          this.roomChanged(room);
        }
        break;
      case 'SERVER_ROOM_EXIT':
        if (room && message.status && message.nickName) {
          room.members = room.members.filter((name) => name !== message.nickName);
          this.note(room, this.words.parts('log.left', { name: message.nickName }), message.seq);
          this.roomChanged(room);
        }
        break;
      case 'SERVER_ROOM_DELETE':
        if (room && message.status) {
          this.forget(room, this.words.parts('notice.roomDeleted', { room: room.name }));
        }
        break;
      case 'SERVER_ROOM_KICK':
        if (room && message.status && message.nickName) {
          this.kicked(room, message);
        }
        break;
      case 'SERVER_ERROR':
        this.notices.notify(this.words.reason(message.reason), 'error');
        break;
      default:
        break; // a list nobody asked for, or a type this page does not know yet
    }
  }

  // --- the nickname -------------------------------------------------------------------------------------------------

  /**
   * A request refused for the page's nickname (a rule of the server's the page does not know): the nickname form is
   * shown with the server's word under it, which is where the name can be changed.
   */
  nameRefused(failure) {
    if (!(failure instanceof ChatRefusal) || failure.reason !== 'BAD_USER_NAME') {
      return false;
    }
    this.showNickname();
    this.notices.fieldError('nickname-error', this.notices.describe(failure));
    return true;
  }

  showNickname() {
    const input = this.part('nickname');
    input.value = this.nickname ?? '';
    this.part('cancel-nickname').hidden = !this.nickname;
    this.notices.fieldError('nickname-error', null);
    this.show('nickname');
    input.focus();
    input.select();
  }

  async submitNickname(event) {
    event.preventDefault();
    const input = this.part('nickname');
    const name = trimmedName(input.value);
    if (!name || codePointLength(name) > LIMITS.nickname || !visibleName(name)) {
      const word = name && !visibleName(name) ? this.t('error.invisibleName') : this.words.reason('BAD_USER_NAME');
      this.notices.fieldError('nickname-error', word);
      input.focus();
      return;
    }
    if (name !== this.nickname) {
      const question = this.unsentText() ? 'confirm.changeNicknameUnsent' : 'confirm.changeNickname';
      if (this.rooms.size > 0 && !(await this.notices.confirm(this.t(question), this.t('confirm.changeNicknameOk')))) {
        return;
      }
      this.rooms.clear();
      this.unconfirmed.clear();
      this.current = null;
      this.nickname = name;
      saveNickname(name);
      if (this.boundName !== null && this.boundName !== name) {
        this.connect(); // leaving the old connection takes the old name out of its rooms
      }
      this.renderWho();
    }
    this.show('lobby');
    this.part('room-name').focus();
  }

  /** Whether a room holds text not sent: in its message box, or in its log marked "Not sent". */
  unsentText() {
    this.keepComposer();
    return [...this.rooms.values()].some(
      (room) => room.draft.trim() !== '' || room.entries.some((entry) => entry.dataset?.testid === 'unsent'),
    );
  }

  // --- the lobby ----------------------------------------------------------------------------------------------------

  /** Shows the rooms as the lobby feed last told them (the server pushes every change while the lobby is shown). */
  renderLobby(entries = this.lobbyEntries ?? []) {
    this.lobbyEntries = entries;
    this.lobbyLoaded = true;
    this.lobbyView.render(entries);
  }

  async createRoom(event) {
    event.preventDefault();
    const input = this.part('room-name');
    const name = trimmedName(input.value);
    if (!name || codePointLength(name) > LIMITS.roomName || !visibleName(name)) {
      const word = name && !visibleName(name) ? this.t('error.invisibleName') : this.words.reason('BAD_ROOM_NAME');
      this.notices.fieldError('room-name-error', word);
      input.focus();
      return;
    }
    const button = this.part('create-room');
    button.disabled = true;
    try {
      const reply = await this.request({ type: 'CLIENT_ROOM_CREATE', roomName: name, userName: this.nickname });
      input.value = '';
      const room = this.addRoom(reply.roomID, reply.roomName, this.nickname, [this.nickname]);
      isNews(room, reply);
      room.olderDone = true; // a new room has nothing older
      this.note(room, this.t('log.created'), reply.seq);
      this.openRoom(room);
    } catch (failure) {
      if (failure instanceof ChatOffline && failure.requestId != null) {
        this.reconnection.createInDoubt(name); // sent as the connection went: the room may have been made all the same
      }
      if (this.nameRefused(failure)) {
        return;
      }
      this.notices.fieldError('room-name-error', this.notices.describe(failure));
    } finally {
      button.disabled = false;
    }
  }

  async enterRoom(id, button) {
    const known = this.roomById(id);
    if (known) {
      this.openRoom(known); // joined, or on its way back in after a reconnect
      return;
    }
    button.disabled = true;
    try {
      const reply = await this.request({ type: 'CLIENT_ROOM_JOIN', roomID: id, userName: this.nickname });
      const room = this.addRoom(reply.roomID, reply.roomName, reply.owner, reply.members);
      isNews(room, reply);
      // the room's latest messages, oldest first, before the line saying this page joined (they came before it)
      for (const message of Array.isArray(reply.history) ? reply.history : []) {
        this.append(room, this.chatEntry(message, room), { unread: false });
      }
      this.note(room, this.t('log.joinedSelf'), reply.seq);
      this.openRoom(room);
    } catch (failure) {
      if (failure instanceof ChatOffline && failure.requestId != null) {
        this.reconnection.joinInDoubt(id); // sent as the connection went: it may have seated the page all the same
      }
      if (!this.nameRefused(failure)) {
        this.notices.notify(this.notices.describe(failure), 'error');
      }
    } finally {
      button.disabled = false;
    }
  }

  // --- a room -------------------------------------------------------------------------------------------------------

  addRoom(id, name, owner, members) {
    const room = new Room(this.nextKey++, id, name, owner, members);
    this.rooms.set(room.key, room);
    return room;
  }

  roomById(id) {
    for (const room of this.rooms.values()) {
      if (room.id === id) {
        return room;
      }
    }
    return undefined;
  }

  openRoom(room) {
    this.keepComposer();
    this.current = room;
    room.unread = 0;
    this.show('room');
    this.renderRoom();
    this.part('message-input').value = room.draft;
    this.roomView.counter();
    this.notices.fieldError('message-error', room.draftNote);
    const messages = this.part('messages');
    messages.replaceChildren(...room.entries);
    messages.scrollTop = messages.scrollHeight;
    this.part('message-input').focus();
    this.lookFurtherBack();
  }

  /** The message box and the word under it belong to the room on screen: kept with it while another room is. */
  keepComposer() {
    if (this.current) {
      this.current.draft = this.part('message-input').value;
      this.current.draftNote = this.part('message-error').textContent || null;
    }
  }

  /** Says something under the message box of {@code room}: at once if it is the room on screen, else when opened. */
  noteUnderBox(room, text) {
    if (this.current === room) {
      this.notices.fieldError('message-error', text);
    } else {
      room.draftNote = text;
    }
  }

  /** Takes away the word under {@code room}'s message box if it is still {@code text}. */
  dropNoteUnderBox(room, text) {
    if (room.draftNote === text) {
      room.draftNote = null;
    }
    if (this.current === room && this.part('message-error').textContent === text) {
      this.notices.fieldError('message-error', null);
    }
  }

  /**
   * Loads the room's older messages while the top of the message list is in sight (scrolled up to it, or the list
   * too short to scroll), a page at a time until the room has no older ones; keeps what is on screen where it was.
   */
  async lookFurtherBack() {
    const room = this.current;
    const list = this.part('messages');
    if (!room || this.view !== 'room' || !room.joined || list.scrollTop > TOP_ZONE) {
      return;
    }
    let older;
    try {
      older = await olderMessages((message) => this.request(message), room, oldestSeq(this.seqs(room)));
    } catch (failure) {
      return; // lost or refused: the next scroll to the top asks again
    }
    if (older.length === 0 || !this.rooms.has(room.key)) {
      return;
    }
    const onScreen = this.current === room && this.view === 'room';
    const fromBottom = list.scrollHeight - list.scrollTop;
    const entries = older.map((message) => this.chatEntry(message, room));
    room.entries.unshift(...entries);
    if (onScreen) {
      list.prepend(...entries);
      list.scrollTop = list.scrollHeight - fromBottom; // the messages read before stay where they were
      if (list.scrollHeight <= list.clientHeight) {
        this.lookFurtherBack(); // still no scroll bar: nothing to scroll up with, so look further at once
      }
    }
  }

  /** The event number of each entry of a room's log, undefined for an entry without one (or from an earlier era). */
  seqs(room) {
    return room.entries.map((entry) => (entry.era === room.era ? entry.seq : undefined));
  }

  /** Shows chat messages where their numbers put them among what the room's log shows, skipping those shown. */
  insert(room, messages) {
    const onScreen = this.current === room && this.view === 'room';
    for (const message of [...messages].sort((a, b) => a.seq - b.seq)) {
      const at = placeOf(this.seqs(room), message.seq);
      if (at === -1) {
        continue;
      }
      const entry = this.chatEntry(message, room);
      const next = room.entries[at] ?? null;
      room.entries.splice(at, 0, entry);
      if (onScreen) {
        this.part('messages').insertBefore(entry, next);
      } else {
        room.unread++;
      }
    }
    this.roomChanged(room);
  }

  /** Forgets a room that ended (deleted, or lost for good); back to the lobby with a notice if it was on screen. */
  forget(room, notice) {
    this.rooms.delete(room.key);
    if (this.current === room) {
      this.current = null;
      if (this.view === 'room') {
        this.show('lobby');
      }
    }
    if (this.view === 'lobby') {
      this.renderLobby();
    }
    if (notice) {
      this.notices.notify(notice, 'info');
    }
  }

  async exitRoom() {
    const room = this.current;
    if (!room) {
      return;
    }
    const owner = room.owner === this.nickname;
    const question = this.words.parts('confirm.ownerExit', { room: room.name });
    if (owner && !(await this.notices.confirm(question, this.t('confirm.ownerExitOk')))) {
      return;
    }
    await this.leave(room, { type: 'CLIENT_ROOM_EXIT' }, owner ? 'notice.youDeleted' : 'notice.youLeft');
  }

  async deleteRoom() {
    const room = this.current;
    if (!room) {
      return;
    }
    const question = this.words.parts('confirm.delete', { room: room.name });
    if (!(await this.notices.confirm(question, this.t('confirm.deleteOk')))) {
      return;
    }
    await this.leave(room, { type: 'CLIENT_ROOM_DELETE' }, 'notice.youDeleted');
  }

  /** Someone was removed from a room by its owner or a moderator: this page's user, or another member. */
  kicked(room, message) {
    if (message.nickName === this.nickname) {
      const key = message.note ? 'notice.kickedWhy' : 'notice.kicked';
      this.forget(room, this.words.parts(key, { room: room.name, by: message.by, note: message.note ?? '' }));
      return;
    }
    room.members = room.members.filter((name) => name !== message.nickName);
    this.note(room, this.words.parts('log.kicked', { name: message.nickName, by: message.by }), message.seq);
    this.roomChanged(room);
  }

  /** The owner removes a member from the room, which bans it there (after a confirmation). */
  async kickMember(name) {
    const room = this.current;
    const question = room && this.words.parts('confirm.kick', { name });
    if (!room || !(await this.notices.confirm(question, this.t('confirm.kickOk')))) {
      return;
    }
    try {
      const request = { type: 'CLIENT_ROOM_KICK', roomID: room.id, userName: this.nickname, target: name };
      const reply = await this.request(request);
      if (this.rooms.has(room.key) && isNews(room, reply)) {
        this.kicked(room, reply);
      }
    } catch (failure) {
      this.notices.notify(this.notices.describe(failure), 'error');
    }
  }

  async leave(room, request, noticeKey) {
    if (room.leaving) {
      return; // clicked again while the first request waits for its answer
    }
    if (!room.joined) {
      this.reconnection.givenUp(room); // a resume lets go of the seat the session may still hold
      this.forget(room, this.words.parts(noticeKey, { room: room.name }));
      return;
    }
    room.leaving = true;
    try {
      await this.request({ ...request, roomID: room.id, userName: this.nickname });
      this.forget(room, this.words.parts(noticeKey, { room: room.name }));
    } catch (failure) {
      if (failure instanceof ChatRefusal && (failure.reason === 'NO_SUCH_ROOM' || failure.reason === 'NOT_MEMBER')) {
        this.forget(room, this.words.parts(noticeKey, { room: room.name }));
      } else {
        this.notices.notify(this.notices.describe(failure), 'error');
      }
    } finally {
      room.leaving = false;
    }
  }

  async sendMessage(event) {
    event.preventDefault();
    const room = this.current;
    const input = this.part('message-input');
    const text = input.value.normalize('NFC');
    if (!room) {
      return;
    }
    if (!text.trim()) {
      this.notices.fieldError('message-error', this.t('error.messageEmpty'));
      return;
    }
    if (codePointLength(text) > LIMITS.message) {
      this.notices.fieldError('message-error', this.words.reason('BAD_MESSAGE'));
      return;
    }
    input.value = '';
    this.roomView.counter();
    const waiting = this.t('notice.slowMessage');
    this.notices.fieldError('message-error', room.unanswered > 0 ? waiting : null);
    let slow = false;
    const answered = () => {
      if (slow && --room.unanswered === 0) {
        this.dropNoteUnderBox(room, waiting);
      }
    };
    try {
      const reply = await this.request(
        { type: 'CLIENT_CHAT_SEND', roomID: room.id, userName: this.nickname, message: text },
        () => {
          slow = true;
          room.unanswered++;
          this.noteUnderBox(room, waiting); // late, not lost: sending it again would post it twice
        },
      );
      answered();
      if (this.rooms.has(room.key) && isNews(room, reply)) {
        this.append(room, this.chatEntry(reply, room));
      }
    } catch (failure) {
      answered();
      // nothing was posted, as far as the page knows: the text goes back to its room's box, or where that box holds
      // other text by now, into its log, so that nothing the person wrote is lost
      let line = null;
      if (this.current !== room ? room.draft : input.value) {
        line = this.roomView.unsentEntry(text);
        this.append(room, line, { unread: false });
      } else if (this.current !== room) {
        room.draft = text;
      } else {
        input.value = text;
        this.roomView.counter();
      }
      const note = this.notices.describe(failure);
      if (failure instanceof ChatOffline && failure.requestId != null) {
        this.unconfirmed.set(failure.requestId, { room, text, line, note });
      }
      this.noteUnderBox(room, note);
    }
  }

  /**
   * The connection is back: "not connected" under a message box is no longer so. A message that never left says it
   * was not sent; one that was sent as the connection went says it is being checked (settleUnconfirmed).
   */
  connectedAgain() {
    this.swapNotes(['error.offline'], (room) => this.notSentWord(room), 'notice.checkingSent');
  }

  /** The connection went away again: what was said under the message boxes since it came back no longer holds. */
  wentOffline() {
    this.swapNotes(['notice.notSent', 'notice.notSentAway'], () => 'error.offline', 'error.offline');
  }

  /**
   * Says `to(room)` under the boxes that say one of `from` and hold text (nothing where they hold none), and
   * `inDoubt` under those of messages sent as the connection went.
   */
  swapNotes(from, to, inDoubt) {
    for (const entry of this.unconfirmed.values()) {
      this.replaceNoteUnderBox(entry.room, entry.note, this.t(inDoubt));
      entry.note = this.t(inDoubt);
    }
    for (const room of this.rooms.values()) {
      const boxHoldsText = this.current === room ? this.part('message-input').value : room.draft;
      for (const key of from) {
        this.replaceNoteUnderBox(room, this.t(key), boxHoldsText ? this.t(to(room)) : null);
      }
    }
  }

  /**
   * The word for text that was not sent: "press Enter" once the room is back, else that it can be sent once the room
   * is (the box is closed meanwhile: a rejoin may wait for the room's owner to open it again).
   */
  notSentWord(room) {
    return room.joined ? 'notice.notSent' : 'notice.notSentAway';
  }

  /**
   * After a resume (`resumed` true), the server has replayed its confirmations of what was sent as the connection
   * went before it answers a later request: whatever is still unconfirmed once one is answered was not posted, unless
   * its room could not be replayed in full (its key in `lacking`, now or at an earlier try). Without a resume, nothing
   * more can be known.
   */
  async settleUnconfirmed(resumed, lacking) {
    if (this.unconfirmed.size === 0) {
      return;
    }
    for (const entry of this.unconfirmed.values()) {
      entry.doubtful ||= !resumed || lacking.has(entry.room.key);
    }
    if (resumed) {
      const [{ room }] = this.unconfirmed.values();
      try {
        await this.request({ type: 'CLIENT_ROOM_HISTORY', roomID: room.id, limit: 1 }, () => {});
      } catch (failure) {
        if (failure instanceof ChatOffline) {
          return; // gone again: the next connection settles them
        }
      }
    }
    for (const [requestId, entry] of this.unconfirmed) {
      this.unconfirmed.delete(requestId);
      if (entry.line && entry.doubtful) {
        this.replaceLine(entry.room, entry.line, this.roomView.unsentEntry(entry.text, { doubtful: true }));
      }
      const word = entry.doubtful ? 'notice.mayNotBeSent' : this.notSentWord(entry.room);
      this.replaceNoteUnderBox(entry.room, entry.note, entry.line ? null : this.t(word));
    }
  }

  /** Puts `line` in place of `old` in the room's log. */
  replaceLine(room, old, line) {
    const at = room.entries.indexOf(old);
    if (at >= 0) {
      room.entries[at] = line;
    }
    old.replaceWith(line);
  }

  /** Puts {@code to} (or nothing) under {@code room}'s message box where {@code from} is. */
  replaceNoteUnderBox(room, from, to) {
    if (room.draftNote === from) {
      room.draftNote = to;
    }
    if (this.current === room && this.part('message-error').textContent === from) {
      this.notices.fieldError('message-error', to);
    }
  }

  /**
   * A replayed reply to chat sent just before a drop: the message was posted after all, so the text given back to
   * the box is taken out again (unless the person changed it), and nothing is sent twice.
   */
  confirmed(requestId) {
    if (requestId == null || !this.unconfirmed.has(requestId)) {
      return;
    }
    const { room, text, line, note } = this.unconfirmed.get(requestId);
    this.unconfirmed.delete(requestId);
    if (line) {
      const at = room.entries.indexOf(line);
      if (at >= 0) {
        room.entries.splice(at, 1);
      }
      line.remove();
      this.dropNoteUnderBox(room, note); // the box holds other text: only the word about this message goes
      return;
    }
    const input = this.part('message-input');
    if (this.current !== room) {
      if (room.draft === text) {
        room.draft = '';
        room.draftNote = null;
      }
    } else if (input.value === text) {
      input.value = '';
      this.roomView.counter();
      this.notices.fieldError('message-error', null);
    }
  }

  /**
   * Keeps the message box within the limit (it counts characters as the server does, not UTF-16 units), and says so
   * when it cuts what was typed or pasted.
   */
  limitMessage() {
    const input = this.part('message-input');
    if (codePointLength(input.value) > LIMITS.message) {
      input.value = firstCodePoints(input.value, LIMITS.message);
      this.notices.fieldError('message-error', this.t('error.messageCut', { max: LIMITS.message }));
    }
  }

  /** A chat message as the log shows it, numbered in the room's current era when it has a seq. */
  chatEntry(message, room) {
    return this.numbered(room, message.seq, this.roomView.chatEntry(message, message.nickname === this.nickname));
  }

  /** Marks a log entry with the event number it shows (if any), so replays and older pages find their place. */
  numbered(room, seq, entry) {
    if (Number.isSafeInteger(seq)) {
      entry.seq = seq;
      entry.era = room.era;
    }
    return entry;
  }

  /** A line in a room's log about the room itself (someone joined, the connection dropped...). */
  note(room, text, seq) {
    this.append(room, this.numbered(room, seq, this.roomView.eventEntry(text)));
  }

  append(room, entry, { unread = true } = {}) {
    room.entries.push(entry);
    const onScreen = this.current === room && this.view === 'room';
    const messages = this.part('messages');
    const atBottom = messages.scrollHeight - messages.scrollTop - messages.clientHeight < 80;
    if (room.entries.length > LOG_LIMIT && (atBottom || !onScreen)) {
      // the oldest go; not while someone reads further up, where they would shift what is read
      const dropped = room.entries.shift();
      if (dropped.era === room.era && dropped.seq !== undefined) {
        room.olderDone = false; // it can be loaded again from the server
      }
      if (onScreen) {
        dropped.remove();
      }
    }
    if (onScreen) {
      messages.append(entry);
      if (atBottom || entry.classList.contains('mine')) {
        messages.scrollTop = messages.scrollHeight;
      }
    } else if (unread && entry.classList.contains('message')) {
      room.unread++;
      if (this.view === 'lobby') {
        this.renderLobby();
      }
    }
  }

  roomChanged(room) {
    if (room.joined) {
      this.replaceNoteUnderBox(room, this.t('notice.notSentAway'), this.t('notice.notSent')); // the box is open again
    }
    if (this.current === room && this.view === 'room') {
      this.renderRoom();
    } else if (this.view === 'lobby') {
      this.renderLobby();
    }
  }

  renderRoom() {
    if (this.current) {
      this.roomView.render(this.current, this.nickname, this.moderator);
      this.renderComposer();
    }
  }

  renderComposer() {
    this.roomView.composer(Boolean(this.current && this.current.joined && this.socket.isOpen));
  }

  // --- the frame around the views -----------------------------------------------------------------------------------

  show(view) {
    const left = this.view;
    this.view = view;
    for (const section of this.root.querySelectorAll('[data-view]')) {
      section.hidden = section.dataset.view !== view;
    }
    this.root.dataset.currentView = view;
    if (view === 'lobby') {
      if (this.lobbyLoaded) {
        this.renderLobby();
      }
      this.lobby.start();
      const focused = document.activeElement;
      if (left === 'room' && (!focused || focused === document.body || focused.closest('[data-view]')?.hidden)) {
        this.part('rooms-heading').focus(); // focus was in the room that went: the keyboard starts at the rooms
      }
    } else {
      this.lobby.stop();
    }
  }

  renderWho() {
    this.part('who').hidden = !this.nickname;
    this.part('current-nickname').textContent = this.nickname ?? '';
  }

  renderStatus() {
    const { state } = this.socket;
    const status = this.part('connection-status');
    status.dataset.state = state;
    const text = this.part('connection-status-text');
    clearInterval(this.statusTimer);
    if (state === 'waiting') {
      const tick = () => {
        const seconds = Math.max(1, Math.ceil((this.socket.retryAt - Date.now()) / 1000));
        text.textContent = this.t('status.waiting', { seconds });
      };
      tick();
      this.statusTimer = setInterval(tick, 1000);
    } else {
      text.textContent = this.t(`status.${state}`);
    }
    this.part('retry-now').hidden = state !== 'waiting';
    this.renderComposer();
  }
}

function loadNickname() {
  try {
    const kept = trimmedName(localStorage.getItem(NICKNAME_KEY) ?? ''); // as an older page may have kept it
    return kept && visibleName(kept) ? kept : null;
  } catch (unavailable) {
    return null; // storage may be switched off; the page then asks every time
  }
}

/**
 * The site's sign-in token, or null: `window.socketchatToken` (a string, or a function that returns one), else the
 * root element's `data-token`, else the page address's `access_token`.
 */
function siteToken(root) {
  const given = window.socketchatToken;
  const token =
    (typeof given === 'function' ? given() : given) ||
    root.dataset.token ||
    new URLSearchParams(location.search).get('access_token');
  return typeof token === 'string' && token !== '' ? token : null;
}

/** The /chat address with the token as its access_token. */
function withToken(endpoint, token) {
  const url = new URL(endpoint);
  if (token) {
    url.searchParams.set('access_token', token);
  }
  return url.toString();
}

function saveNickname(name) {
  try {
    localStorage.setItem(NICKNAME_KEY, name);
  } catch (unavailable) {
    // not remembered, nothing else lost
  }
}

const root = document.querySelector('[data-socketchat]');
if (root) {
  const language = pickLanguage(root.dataset.lang || new URLSearchParams(location.search).get('lang'), navigator.languages);
  new ChatApp(root, translator(language)).start();
}
