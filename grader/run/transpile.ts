/**
 * TypeScript → ESM JavaScript, in process, with esbuild's library API and one fixed
 * configuration. The submission's tsconfig is never read (transform reads no files at all).
 */
import { transform, type Message, type TransformOptions } from 'esbuild';

const OPTIONS: TransformOptions = {
  loader: 'ts',
  format: 'esm',
  target: 'node20',
  sourcefile: 'solution.ts',
  tsconfigRaw: {},
  logLevel: 'silent',
};

export type Transpiled =
  { readonly ok: true; readonly code: string } | { readonly ok: false; readonly message: string };

export async function transpileTypeScript(source: string): Promise<Transpiled> {
  try {
    const result = await transform(source, OPTIONS);
    return { ok: true, code: result.code };
  } catch (error: unknown) {
    const errors = (error as { errors?: Message[] } | null)?.errors;
    if (!Array.isArray(errors) || errors.length === 0) throw error;
    return { ok: false, message: errors.slice(0, 5).map(formatMessage).join('\n') };
  }
}

function formatMessage(m: Message): string {
  const where = m.location ? `solution.ts:${m.location.line}:${m.location.column + 1}: ` : '';
  const line = m.location?.lineText ? `\n    ${m.location.lineText.trim()}` : '';
  return `${where}${m.text}${line}`;
}
