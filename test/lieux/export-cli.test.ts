// `passerelle export` in a real process: the data alone on the standard output (so it can be
// piped), the French messages on the standard error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { STANDARD_COLUMNS } from '../../src/lieux/formats/standard-row.ts';
import { isolatedEnv } from '../support/cli-env.ts';

const BIN = fileURLToPath(new URL('../../bin/passerelle.js', import.meta.url));

test('passerelle export --format lieux-csv writes the CSV on stdout and its messages on stderr', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'passerelle-export-'));
  const db = isolatedEnv(dir, { seed: true });
  try {
    // First start: the demo dataset (687 places) is imported, then exported.
    const run = spawnSync(process.execPath, [BIN, 'export', '--format', 'lieux-csv'], { env: { ...process.env, ...db.env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.split('\r\n');
    assert.equal(lines[0], STANDARD_COLUMNS.join(','));
    assert.equal(lines.length, 1 + 687 + 1, 'header, one line per place, and the final line end');
    assert.match(run.stderr, /687 lieux exportés au format lieux-csv\.\n$/);
  } finally {
    await db.cleanup();
    rmSync(dir, { recursive: true, force: true });
  }
});
