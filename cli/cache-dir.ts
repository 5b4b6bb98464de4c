/**
 * The user's cache folder for convgrade: `$XDG_CACHE_HOME/convgrade`, else `~/.cache/convgrade`;
 * undefined when neither is an absolute path (nothing is cached then). What lives there is only
 * ever a shortcut: every file in it may be deleted at any time.
 */
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

export function convgradeCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const xdg = env['XDG_CACHE_HOME'];
  if (xdg !== undefined && isAbsolute(xdg)) return join(xdg, 'convgrade');
  let home: string;
  try {
    home = env['HOME'] ?? homedir();
  } catch {
    return undefined;
  }
  return isAbsolute(home) ? join(home, '.cache', 'convgrade') : undefined;
}
