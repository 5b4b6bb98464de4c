/** Student text on the terminal (S12): one small module, so the CLI's entry point can use it cheaply. */

// C0 and C1 controls, DEL, and the bidirectional overrides ("Trojan Source"): a folder name or
// a student's message holding them could set the window title (OSC 0), the clipboard (OSC 52),
// clear the screen or reorder what the TA reads.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_ONE_LINE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text from students (folder names, messages) made safe to print: every control character is
 * written as a visible `\xNN` or `\uNNNN`. `oneLine` also escapes tab, newline and return.
 */
export function escapeTerminal(text: string, oneLine = false): string {
  return text.replace(oneLine ? CONTROL_ONE_LINE : CONTROL, (ch) => {
    const code = ch.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
