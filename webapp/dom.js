// Builds elements from plain text: nothing a user typed ever passes through an HTML parser.

/**
 * Makes an element. `props`: `class`, `text` (its text content), `on<event>` (a listener), anything else becomes an
 * attribute (skipped when null or false). Children are nodes or strings; strings become text nodes.
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value == null || value === false) {
      continue;
    }
    if (key === 'class') {
      node.className = value;
    } else if (key === 'text') {
      node.textContent = value;
    } else if (key.startsWith('on') && typeof value === 'function') {
      node.addEventListener(key.slice(2), value);
    } else {
      node.setAttribute(key, value === true ? '' : String(value));
    }
  }
  node.append(...children.filter((child) => child != null && child !== false));
  return node;
}

/**
 * The nodes of a sentence from i18n.js's `parts` (a plain string is one text node): the words as text, each value (a
 * name someone typed) in a <bdi> of its own, so a right-to-left name neither pulls the words and numbers beside it into
 * its direction nor is turned around by them.
 */
export function sentence(parts) {
  if (typeof parts === 'string') {
    return [parts];
  }
  return parts.map((part, at) => (at % 2 === 1 ? el('bdi', { text: part }) : part));
}

/** Fills the static text of the page: data-i18n (text), data-i18n-placeholder, -aria-label and -title. */
export function translateStatic(root, text) {
  for (const node of root.querySelectorAll('[data-i18n]')) {
    node.textContent = text(node.dataset.i18n);
  }
  for (const attribute of ['placeholder', 'aria-label', 'title']) {
    for (const node of root.querySelectorAll(`[data-i18n-${attribute}]`)) {
      node.setAttribute(attribute, text(node.getAttribute(`data-i18n-${attribute}`)));
    }
  }
}

/**
 * The number of characters as the server counts them: Unicode code points (not UTF-16 units) of the text's NFC form
 * (decomposed Hangul, as macOS file names hold it, counts as the syllables it composes to).
 */
export function codePointLength(text) {
  return Array.from(text.normalize('NFC')).length;
}

/** The first `max` characters of a text as the server counts them (code points of its NFC form). */
export function firstCodePoints(text, max) {
  return Array.from(text.normalize('NFC')).slice(0, max).join('');
}

/**
 * A name without white space at either end, as the server trims it: JavaScript's trim() keeps the separators
 * U+001C–U+001F, which the server takes off (and a page that kept them would not know its own name).
 */
export function trimmedName(text) {
  return text.normalize('NFC').replace(/^[\s\u001C-\u001F]+|[\s\u001C-\u001F]+$/g, '');
}

/** What a name may not hold, as the server refuses it: controls, format characters, separators, default-ignorable code
 * points (Hangul fillers, zero-width spaces) and the braille blank, all of which show as nothing or as a space. */
const UNSEEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\u2800]/u;

/** Whether a (trimmed) name is one the server takes as seen: nothing invisible in it, and not only combining marks. */
export function visibleName(name) {
  return !UNSEEN.test(name) && !/^[\p{M}\s]*$/u.test(name);
}
