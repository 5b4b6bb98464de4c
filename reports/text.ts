/**
 * Text from students (captured output, error messages) before it reaches any output format:
 * characters that XML 1.0 forbids — C0 controls other than tab, newline and carriage return,
 * lone surrogates, U+FFFE and U+FFFF — become a visible `\xNN` / `\uNNNN`, and long text is cut.
 */

// With the `u` flag a lone surrogate is one code point outside every allowed range.
const ILLEGAL = /[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

/** Text with every XML-illegal or invisible control character written as an escape. */
export function sanitizeText(text: string): string {
  return text.replace(ILLEGAL, (ch) => {
    const code = ch.codePointAt(0) ?? 0;
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

export interface Truncated {
  readonly text: string;
  /** How many characters were cut off; 0 when the text was short enough. */
  readonly omitted: number;
}

/** The first `limit` characters of `text` (never splitting a surrogate pair), and how many were cut. */
export function truncate(text: string, limit: number): Truncated {
  if (text.length <= limit) return { text, omitted: 0 };
  let end = limit;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return { text: text.slice(0, end), omitted: text.length - end };
}

/** Sanitised and cut, with a note of what was cut appended. */
export function clip(text: string, limit: number): string {
  const { text: head, omitted } = truncate(text, limit);
  const clean = sanitizeText(head);
  return omitted > 0 ? `${clean}\n… (${omitted} more characters not shown)` : clean;
}
