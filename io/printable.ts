/**
 * Text from a file or a module as it may appear on a terminal or in a message. A counterexample or a
 * preset is data from someone else: an ANSI escape in it must not move the cursor or recolour the
 * screen, and a ten-megabyte string must not become a ten-megabyte error line.
 */

/** Control characters but the newline and the tab, shown as `\u001b` instead of sent to the terminal. */
export function printable(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A value from a file for a one-line message: JSON, control characters escaped, at most `max` characters. */
export function quoted(value: unknown, max = 40): string {
  let text: string;
  try {
    text = typeof value === 'bigint' ? `${value}n` : (JSON.stringify(value) ?? String(value));
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return clipped(text, max);
}

/** `printable(text)` on one line, cut to at most `max` characters with a note of how long it was. */
export function clipped(text: string, max = 40): string {
  const shown = printable(text).replace(/\n/g, '\\n');
  return shown.length <= max ? shown : `${shown.slice(0, max)}… (${shown.length} characters)`;
}
