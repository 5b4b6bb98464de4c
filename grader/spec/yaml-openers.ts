/**
 * Where a broken YAML construct opens. The yaml parser reports an unclosed `[`, `{` or quote
 * where it gives up, often lines later and in words about something else ("Nested mappings are
 * not allowed in compact mappings"). This scanner follows YAML's lexical structure far enough
 * to know which `[`, `{`, `"` and `'` open a flow collection or a quoted scalar (not those
 * inside plain text, comments or block scalars) and returns the first one that is never closed,
 * or closed by the wrong bracket.
 */

export interface BrokenOpener {
  /** Offset of the opening character. */
  readonly offset: number;
  readonly char: '[' | '{' | '"' | "'";
  /** Offset of the wrong closing bracket, when the collection is closed by the other kind. */
  readonly wrongClose?: number;
}

const CLOSER: Readonly<Record<string, string>> = { '[': ']', '{': '}' };

export function brokenOpener(text: string): BrokenOpener | undefined {
  return new Scanner(text).run();
}

class Scanner {
  private i = 0;
  private readonly stack: number[] = [];
  /** Lines indented more than this belong to a block scalar (| or >) and are skipped. */
  private blockIndent = -1;
  constructor(private readonly text: string) {}

  run(): BrokenOpener | undefined {
    while (this.i < this.text.length) {
      const broken = this.stack.length === 0 ? this.blockLine() : this.flowToken();
      if (broken !== undefined) return broken;
    }
    const open = this.stack[this.stack.length - 1];
    return open === undefined ? undefined : { offset: open, char: this.text[open] as '[' | '{' };
  }

  private c(): string {
    return this.text[this.i] ?? '';
  }

  private lineEnd(): number {
    const end = this.text.indexOf('\n', this.i);
    return end === -1 ? this.text.length : end;
  }

  /** One line in block context: indentation, `- ` / `? ` markers, `key: `, then a value. */
  private blockLine(): BrokenOpener | undefined {
    const start = this.i;
    while (this.c() === ' ' || this.c() === '\t') this.i++;
    const indent = this.i - start;
    if (this.c() === '\n' || this.c() === '\r' || this.c() === '') return this.skipLine();
    if (this.blockIndent >= 0) {
      if (indent > this.blockIndent) return this.skipLine();
      this.blockIndent = -1;
    }
    for (;;) {
      while (
        (this.c() === '-' || this.c() === '?' || this.c() === ':') &&
        /[ \t\n]|^$/.test(this.text[this.i + 1] ?? '')
      ) {
        this.i++;
        while (this.c() === ' ' || this.c() === '\t') this.i++;
      }
      const broken = this.blockValue(indent);
      if (broken !== undefined || this.stack.length > 0) return broken;
      if (this.c() !== ':') return this.skipLine();
      this.i++;
      while (this.c() === ' ' || this.c() === '\t') this.i++;
    }
  }

  /** A value (or key) in block context; stops at the end of the line or at a `: ` after a plain key. */
  private blockValue(indent: number): BrokenOpener | undefined {
    this.skipProperties();
    const c = this.c();
    if (c === '"' || c === "'") return this.quoted(indent);
    if (c === '[' || c === '{') {
      this.stack.push(this.i++);
      return undefined;
    }
    if (c === '|' || c === '>') {
      this.blockIndent = indent;
      this.i = this.lineEnd();
      return undefined;
    }
    if (c === '#') {
      this.i = this.lineEnd();
      return undefined;
    }
    // A plain scalar: up to ": " (it was a key), " #" (a comment) or the end of the line.
    const end = this.lineEnd();
    while (this.i < end) {
      if (this.c() === ':' && /[ \t\n\r]|^$/.test(this.text[this.i + 1] ?? '')) return undefined;
      if (this.c() === '#' && /[ \t]/.test(this.text[this.i - 1] ?? '')) {
        this.i = end;
        return undefined;
      }
      this.i++;
    }
    return undefined;
  }

  /** Anchors (&a) and tags (!t) before a value. */
  private skipProperties(): void {
    while (this.c() === '&' || this.c() === '!') {
      while (this.i < this.text.length && !/[ \t\n\r]/.test(this.c())) this.i++;
      while (this.c() === ' ' || this.c() === '\t') this.i++;
    }
  }

  private skipLine(): undefined {
    this.i = this.lineEnd() + 1;
    return undefined;
  }

  /**
   * A quoted scalar from its opening quote; past its end, or the opener if it never closes. In
   * block context (`indent` given) its continuation lines must be indented deeper than the line
   * it opens on, so a line that is not ends it unclosed.
   */
  private quoted(indent?: number): BrokenOpener | undefined {
    const open = this.i;
    const q = this.c() as '"' | "'";
    this.i++;
    while (this.i < this.text.length) {
      const c = this.c();
      if (c === '\n' && indent !== undefined) {
        const next = /^[ \t]*/.exec(this.text.slice(this.i + 1))?.[0] ?? '';
        const after = this.text[this.i + 1 + next.length];
        if (after !== undefined && after !== '\n' && after !== '\r' && next.length <= indent)
          return { offset: open, char: q };
      }
      if (q === '"' && c === '\\') this.i += 2;
      else if (c === q && q === "'" && this.text[this.i + 1] === "'") this.i += 2;
      else if (c === q) {
        this.i++;
        return undefined;
      } else this.i++;
    }
    return { offset: open, char: q };
  }

  /** One token inside a flow collection. */
  private flowToken(): BrokenOpener | undefined {
    const c = this.c();
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === ',') {
      this.i++;
      return undefined;
    }
    if (c === '#' && /[ \t\n]|^$/.test(this.text[this.i - 1] ?? '')) {
      this.i = this.lineEnd();
      return undefined;
    }
    if (c === '[' || c === '{') {
      this.stack.push(this.i++);
      return undefined;
    }
    if (c === ']' || c === '}') {
      const open = this.stack.pop() ?? 0;
      const opener = this.text[open] as '[' | '{';
      if (CLOSER[opener] !== c) return { offset: open, char: opener, wrongClose: this.i };
      this.i++;
      return undefined;
    }
    if (c === ':' || c === '?') {
      this.i++;
      return undefined;
    }
    this.skipProperties();
    if (this.c() === '"' || this.c() === "'") return this.quoted();
    // A plain scalar in flow context ends at , [ ] { } or ": ".
    while (this.i < this.text.length && !/[,[\]{}\n]/.test(this.c())) {
      if (this.c() === ':' && /[ \t\n\r,[\]{}]/.test(this.text[this.i + 1] ?? ' ')) break;
      if (this.c() === '#' && /[ \t]/.test(this.text[this.i - 1] ?? '')) break;
      this.i++;
    }
    return undefined;
  }
}
