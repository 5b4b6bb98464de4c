/**
 * Host paths in messages a student reads, written relative to what the student knows. A Python
 * error quotes the grading machine's layout ("cannot import name 'gaussian' from 'scipy.signal'
 * (/root/.pyenv/versions/3.11.7/lib/python3.11/site-packages/scipy/signal/__init__.py)"), which
 * says nothing to the student and tells everyone where the grader keeps its interpreter:
 *
 * - a path inside the submission folder (or the grader's staged copy of it) becomes relative to
 *   the submission: `solution.py`, `helpers/util.py`;
 * - a path into an installed package or the standard library keeps only its tail from the
 *   install's well-known folder: `…/site-packages/scipy/signal/__init__.py`,
 *   `…/python3.11/json/decoder.py`, `…/node_modules/x/index.js`;
 * - any other absolute path (`/etc/passwd` in a PermissionError) is left as it is: it names
 *   what the student's code touched, and shortening it would hide that.
 */

// An absolute POSIX path that starts a word: after the start, a space, a quote, a bracket or =.
const ABSOLUTE = /(^|[\s"'`([=,])(\/[^\s"'`()<>[\],;:]+)/g;
const INSTALL_ROOT =
  /\/((?:site|dist)-packages|python\d+(?:\.\d+)?|node_modules)\/(?!(?:.*\/)?(?:site|dist)-packages\/)/;
const STAGED = /\/convgrade-[^/]+\/sub\/(.+)$/;

/** `text` with the host paths it quotes rewritten as above. */
export function relativizePaths(text: string, submissionPath: string): string {
  const base = submissionPath.replace(/\/+$/, '');
  return text.replace(ABSOLUTE, (whole, lead: string, path: string) => `${lead}${displayPath(path, base)}`);
}

function displayPath(path: string, base: string): string {
  if (base.startsWith('/')) {
    if (path === base) return /\.[A-Za-z0-9]+$/.test(base) ? base.slice(base.lastIndexOf('/') + 1) : '.';
    if (path.startsWith(`${base}/`)) return path.slice(base.length + 1);
    // A single-file submission: its folder is the student's.
    const folder = base.slice(0, base.lastIndexOf('/'));
    if (/\.[A-Za-z0-9]+$/.test(base) && folder !== '' && path.startsWith(`${folder}/`))
      return path.slice(folder.length + 1);
  }
  const staged = STAGED.exec(path);
  if (staged?.[1] !== undefined) return staged[1];
  const install = INSTALL_ROOT.exec(path);
  if (install !== null) return `…${path.slice(install.index)}`;
  return path;
}
