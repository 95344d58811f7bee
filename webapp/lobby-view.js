// The lobby's room list as the page shows it: one item per room, updated in place so keyboard focus stays put.
import { el, sentence } from './dom.js';

/** Renders the lobby's rooms into its list, marking the rooms this page is in and their unread messages. */
export class LobbyView {
  /**
   * @param list the `rooms` list element
   * @param empty the `rooms-empty` element, shown when there is no room
   * @param words the page's words (i18n.js's translator)
   * @param roomById the room this page is in with that number, or undefined
   */
  constructor(list, empty, words, roomById) {
    this.list = list;
    this.empty = empty;
    this.words = words;
    this.t = words.text;
    this.roomById = roomById;
  }

  /** Shows these rooms (the lobby feed's entries), reusing the items already shown and moving only what changed. */
  render(entries) {
    const shown = new Map([...this.list.children].map((item) => [item.dataset.roomId, item]));
    const items = entries.map((entry) => this.fill(shown.get(String(entry.roomID)) ?? this.item(), entry));
    const keep = new Set(items);
    for (const item of shown.values()) {
      if (!keep.has(item)) {
        item.remove();
      }
    }
    let next = this.list.firstElementChild;
    for (const item of items) {
      if (item === next) {
        next = next.nextElementSibling;
      } else {
        this.list.insertBefore(item, next); // moves only what changed place, so keyboard focus stays put
      }
    }
    this.empty.hidden = entries.length > 0;
    this.empty.textContent = this.t('lobby.empty');
  }

  /** An empty room item. */
  item() {
    return el(
      'li',
      { class: 'room-item', 'data-testid': 'room-item' },
      el(
        'div',
        { class: 'room-info' },
        el('span', { class: 'room-name', 'data-testid': 'room-item-name', dir: 'auto' }),
        el('span', { class: 'room-meta muted', 'data-testid': 'room-item-meta' }),
      ),
      el('span', { class: 'badge joined', 'data-testid': 'room-item-joined' }),
      el('span', { class: 'badge unread', 'data-testid': 'room-item-unread' }),
      el('button', { type: 'button', class: 'primary', 'data-testid': 'join-room' }),
    );
  }

  /** Fills a room item from a lobby entry and what this page knows of the room. */
  fill(item, entry) {
    const mine = this.roomById(entry.roomID);
    const joined = Boolean(mine && mine.joined);
    item.dataset.roomId = String(entry.roomID);
    item.classList.toggle('is-joined', joined);
    item.querySelector('.room-name').textContent = entry.roomName;
    item
      .querySelector('.room-meta')
      .replaceChildren(
        ...sentence(this.words.parts('lobby.owner', { name: entry.owner })),
        ` · ${this.words.plural('lobby.members', entry.members)}`,
      );
    const joinedBadge = item.querySelector('.joined');
    joinedBadge.hidden = !joined;
    joinedBadge.textContent = this.t('lobby.joined');
    const unread = item.querySelector('.unread');
    unread.hidden = !joined || mine.unread === 0;
    unread.textContent = joined ? this.t('lobby.unread', { count: mine.unread }) : '';
    const button = item.querySelector('button');
    button.textContent = this.t(joined ? 'lobby.open' : 'lobby.join');
    button.setAttribute('aria-label', this.t(joined ? 'lobby.openLabel' : 'lobby.joinLabel', { room: entry.roomName }));
    return item;
  }
}
