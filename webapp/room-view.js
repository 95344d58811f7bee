// A room as the page shows it: its head, its members, its log's lines, and the message box.
import { codePointLength, el, sentence } from './dom.js';

/** Renders the room on screen: the head and members list, log lines for chat and events, the message box's state. */
export class RoomView {
  /**
   * @param part the page's element with a data-testid
   * @param words the page's words (i18n.js's translator)
   * @param limit the longest message, in characters
   */
  constructor(part, words, limit) {
    this.part = part;
    this.words = words;
    this.t = words.text;
    this.limit = limit;
    this.time = new Intl.DateTimeFormat(words.lang, { hour: '2-digit', minute: '2-digit' });
    this.fullTime = new Intl.DateTimeFormat(words.lang, { dateStyle: 'medium', timeStyle: 'medium' });
  }

  /**
   * Shows a room's name, owner and members, with the actions this page's user may take: the owner deletes the room
   * and removes anyone else; a moderator deletes any room and removes anyone but the owner.
   */
  render(room, me, moderator) {
    const owner = room.owner === me;
    this.part('room-title').textContent = room.name;
    this.part('room-owner').replaceChildren(...sentence(this.words.parts('room.owner', { name: room.owner })));
    this.part('delete-room').hidden = !owner && !moderator;
    this.part('messages').setAttribute('aria-label', this.t('room.messages', { room: room.name }));
    const members = [room.owner, ...room.members.filter((name) => name !== room.owner)].filter((name) =>
      room.members.includes(name),
    );
    this.part('members').replaceChildren(
      ...members.map((name) =>
        el(
          'li',
          {
            class: 'member',
            'data-testid': 'member',
            'data-name': name,
            'data-owner': name === room.owner ? 'true' : null,
          },
          el('span', { class: 'member-name', 'data-testid': 'member-name', dir: 'auto', text: name }),
          name === me ? el('span', { class: 'you muted', text: this.t('room.you') }) : null,
          name === room.owner ? el('span', { class: 'badge owner', text: this.t('room.ownerBadge') }) : null,
          name !== me && (owner || (moderator && name !== room.owner))
            ? el('button', {
                type: 'button',
                class: 'kick',
                'data-testid': 'kick-member',
                'aria-label': this.t('room.kickLabel', { name }),
                text: this.t('room.kick'),
              })
            : null,
        ),
      ),
    );
    this.part('member-count').textContent = String(members.length);
  }

  /** A chat message as the log shows it (`mine` when this page's user sent it). */
  chatEntry(message, mine) {
    const when = new Date(message.time);
    const valid = !Number.isNaN(when.getTime());
    return el(
      'li',
      { class: mine ? 'message mine' : 'message', 'data-testid': 'message' },
      el(
        'div',
        { class: 'message-meta' },
        el('span', { class: 'sender', 'data-testid': 'message-sender', dir: 'auto', text: message.nickname }),
        valid
          ? el('time', {
              datetime: message.time,
              title: this.fullTime.format(when),
              'data-testid': 'message-time',
              text: this.time.format(when),
            })
          : null,
      ),
      el('p', { class: 'text', 'data-testid': 'message-text', dir: 'auto', text: message.message }),
    );
  }

  /** A line in the log about the room itself (someone joined, the connection dropped...), as text or parts. */
  eventEntry(text) {
    return el('li', { class: 'event', 'data-testid': 'event' }, ...sentence(text));
  }

  /** A message of this page's user that was not sent, kept in the log where its box held other text by then. */
  unsentEntry(text, { doubtful = false } = {}) {
    const words = this.words.parts(doubtful ? 'log.maybeUnsent' : 'log.unsent', { text });
    return el('li', { class: 'event unsent', 'data-testid': 'unsent' }, ...sentence(words));
  }

  /** Lets the person type and send, or not (no room, not in it yet, or offline). */
  composer(usable) {
    const input = this.part('message-input');
    input.disabled = !usable;
    this.part('send').disabled = !usable;
    input.placeholder = this.t(usable ? 'room.placeholder' : 'room.placeholderWaiting');
  }

  /** Shows how many characters the message box holds against the limit. */
  counter() {
    const count = codePointLength(this.part('message-input').value);
    const counter = this.part('message-counter');
    counter.textContent = `${count}/${this.limit}`;
    counter.title = this.t('room.counter', { count, max: this.limit });
    counter.dataset.level = count >= this.limit ? 'full' : count >= this.limit - 10 ? 'near' : 'ok';
  }
}
