// What the page tells the person outside the views: toasts, a yes/no question, a failure in words.
import { ChatOffline, ChatRefusal } from './chat-socket.js';
import { el, sentence } from './dom.js';

/** How many toasts stay on screen at once; older ones go first. */
const SHOWN = 3;

/** The page's notices: toasts in the `notices` region, the `confirm-dialog`, and refusals put into words. */
export class Notices {
  /**
   * @param part the page's element with a data-testid
   * @param words the page's words (i18n.js's translator)
   */
  constructor(part, words) {
    this.part = part;
    this.words = words;
    this.t = words.text;
  }

  /**
   * Shows a toast (`kind` `info` or `error`) that goes when dismissed, and by itself after a while unless `lasting`
   * (its caller takes it away), and returns it; `message` is a text or a sentence's parts (i18n.js).
   */
  notify(message, kind, { lasting = false } = {}) {
    const region = this.part('notices');
    const role = kind === 'error' ? 'alert' : 'status';
    const toast = el(
      'div',
      { class: `toast ${kind}`, 'data-testid': 'notice', 'data-kind': kind, role },
      el('span', { class: 'toast-text' }, ...sentence(message)),
    );
    toast.append(
      el('button', {
        type: 'button',
        class: 'toast-close',
        'aria-label': this.t('notice.dismiss'),
        text: '×',
        onclick: () => toast.remove(),
      }),
    );
    region.append(toast);
    while (region.children.length > SHOWN) {
      region.firstElementChild.remove();
    }
    if (!lasting) {
      setTimeout(() => toast.remove(), kind === 'error' ? 12000 : 8000);
    }
    return toast;
  }

  /** Asks a yes/no question (a text or a sentence's parts) in a modal dialog; resolves true for yes. */
  confirm(question, yes) {
    const dialog = this.part('confirm-dialog');
    this.part('confirm-text').replaceChildren(...sentence(question));
    this.part('confirm-ok').textContent = yes;
    dialog.returnValue = '';
    dialog.showModal();
    return new Promise((resolve) => {
      dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
    });
  }

  /** Shows a message under a form field, or hides it (null). */
  fieldError(id, message) {
    const node = this.part(id);
    node.hidden = !message;
    node.textContent = message ?? '';
  }

  /** A failure in words for the person, never a bare code. */
  describe(failure) {
    if (failure instanceof ChatRefusal) {
      return this.words.reason(failure.reason);
    }
    if (failure instanceof ChatOffline) {
      return this.t('error.offline');
    }
    return this.t('error.unexpected');
  }
}
