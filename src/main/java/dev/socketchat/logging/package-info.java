/** Helpers for log lines: a client's text made safe for one ({@link LogText}), the INFO lines clients cause, budgeted. */
package dev.socketchat.logging;
