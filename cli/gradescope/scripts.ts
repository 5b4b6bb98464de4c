/**
 * The two shell scripts Gradescope runs, kept as strings so they travel inside dist/ with the
 * code that writes them. Gradescope unpacks the autograder zip into /autograder/source, runs
 * setup.sh once while it builds the image, and runs run_autograder (copied to
 * /autograder/run_autograder) once per submission. All grading logic is the tested TypeScript
 * behind `convgrade gradescope run`; the scripts only install and start it.
 */

/** The folder (inside the zip and under /autograder/source) holding the packed harness. */
export const HARNESS_DIR = 'convgrade';
/** The build-time settings (exercise, secret salt, limits) read by `gradescope run`. */
export const CONFIG_NAME = 'convgrade-gradescope.json';
/** The results.json run_autograder writes when Node itself cannot start (one failed test per question). */
export const START_FAILURE_NAME = 'convgrade-start-failure.json';
/** The exercise spec, copied byte for byte so its sha256 is the one the TA validated. */
export const SPEC_NAME = 'exercise.yaml';

export const SETUP_SH = `#!/usr/bin/env bash
# Gradescope runs this once, as root, while it builds the autograder image (its Ubuntu base
# image). It installs Node.js 20 from NodeSource's apt repository
# (https://github.com/nodesource/distributions), python3 with numpy and scipy for Python
# submissions, bubblewrap for the strict sandbox, and convgrade's runtime dependencies.
set -euxo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends ca-certificates curl gnupg python3 python3-numpy python3-scipy bubblewrap util-linux
curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
apt-get install -y --no-install-recommends nodejs
cd /autograder/source/${HARNESS_DIR}
# --ignore-scripts: the package's "prepare" script would rebuild dist/ with dev tools; dist/ is already built.
npm ci --omit=dev --ignore-scripts --no-audit --no-fund
node bin/convgrade.js --version
`;

export const RUN_AUTOGRADER = `#!/usr/bin/env bash
# Gradescope runs this once per submission. \`convgrade gradescope run\` grades
# $ROOT/submission and always writes $ROOT/results/results.json; the lines after it only
# cover the case where Node itself cannot start. AUTOGRADER_ROOT lets a test use a fake tree.
ROOT="\${AUTOGRADER_ROOT:-/autograder}"
rm -f "$ROOT/results/results.json"
node "$ROOT/source/${HARNESS_DIR}/bin/convgrade.js" gradescope run --root "$ROOT"
if [ ! -s "$ROOT/results/results.json" ]; then
  mkdir -p "$ROOT/results"
  if [ -s "$ROOT/source/${START_FAILURE_NAME}" ]; then
    cp "$ROOT/source/${START_FAILURE_NAME}" "$ROOT/results/.results.json.tmp"
  else
    printf '%s\\n' '{"score":0,"output":"The autograder could not start, so this submission was not graded and scores 0 for now. Please tell the course staff.","output_format":"text","visibility":"visible","extra_data":{"status":"ungradable"},"tests":[]}' >"$ROOT/results/.results.json.tmp"
  fi
  mv "$ROOT/results/.results.json.tmp" "$ROOT/results/results.json"
fi
`;
