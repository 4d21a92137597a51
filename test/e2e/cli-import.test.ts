// `passerelle import` as a data manager runs it: summary, progress, report files, exit codes;
// and a process killed in the middle of a long import leaves the database as it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIXTURES } from '../support/paths.ts';
import { isolatedEnv } from '../support/cli-env.ts';

const BIN = fileURLToPath(new URL('../../bin/passerelle.js', import.meta.url));

test('import prints a summary, writes the detailed report as CSV and JSON, and exits 0 when all rows are valid', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'passerelle-cli-'));
  const db = isolatedEnv(dir);
  try {
    const run = spawnSync(process.execPath, [BIN, 'import', `${FIXTURES}import/deux-lieux.csv`, '--source', 'essai', '--rapport', join(dir, 'rapports'), '--sans-fusion'], {
      env: { ...process.env, ...db.env }, encoding: 'utf8',
    });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /3 lignes lues : 3 lieux créés, 0 mis à jour, 0 inchangés, 0 lignes rejetées\./);
    const json = JSON.parse(readFileSync(join(dir, 'rapports', 'deux-lieux.rapport.json'), 'utf8'));
    assert.equal(json.created, 3);
    assert.ok(existsSync(join(dir, 'rapports', 'deux-lieux.rapport.csv')));

    // A file with a rejected row: exit code 3, the row in the CSV report with line, column and reason.
    const bad = join(dir, 'un-mauvais.csv');
    writeFileSync(bad, 'id,pivot,nom,adresse,commune,code_postal,date_maj\nok-1,13002526500013,Lieu A,1 rue A,Grenoble,38000,2024-01-01\nko-1,13002526500013,Lieu B,1 rue B,Grenoble,3800,2024-01-01\n');
    const second = spawnSync(process.execPath, [BIN, 'import', bad, '--source', 'essai-2', '--rapport', join(dir, 'rapports'), '--sans-fusion'], { env: { ...process.env, ...db.env }, encoding: 'utf8' });
    assert.equal(second.status, 3, second.stderr);
    const csv = readFileSync(join(dir, 'rapports', 'un-mauvais.rapport.csv'), 'utf8');
    assert.equal(csv, '\uFEFFligne;colonne;valeur;gravite;raison\r\n3;code_postal;3800;ligne rejetée;Le code postal « 3800 » n\'est pas valide : il doit compter 5 chiffres (un tableur a peut-être supprimé le zéro initial : 03800 ?).\r\n');
  } finally {
    await db.cleanup();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a long import killed midway leaves the database as it was before it began', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'passerelle-kill-'));
  const db = isolatedEnv(dir);
  try {
    // Prepare the database first (migrations, territories) so the kill lands inside the import.
    const prepared = spawnSync(process.execPath, [BIN, 'import', `${FIXTURES}import/deux-lieux.csv`, '--source', 'avant', '--rapport', join(dir, 'r'), '--sans-fusion'], { env: { ...process.env, ...db.env }, encoding: 'utf8' });
    assert.equal(prepared.status, 0, prepared.stderr);

    const file = join(dir, 'gros.csv');
    const lines = ['id,pivot,nom,adresse,commune,code_postal,latitude,longitude,services,date_maj'];
    for (let i = 0; i < 40_000; i++) lines.push(`g-${i},13002526500013,Lieu ${i},${i} rue de la Gare,Grenoble,38000,45.18,5.72,Aide aux démarches administratives,2024-01-01`);
    writeFileSync(file, `${lines.join('\n')}\n`);

    const child = spawn(process.execPath, [BIN, 'import', file, '--source', 'gros', '--rapport', join(dir, 'r'), '--sans-fusion'], { env: { ...process.env, ...db.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    const exit = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    child.stderr.on('data', (d) => {
      err += d;
      // Killed without warning once 10,000 rows were written in the open transaction.
      if (/1\d{4} lignes lues/.test(err)) child.kill('SIGKILL');
    });
    assert.equal(await exit, 'SIGKILL', `the import finished before it could be killed:\n${err}`);

    const after = await db.open();
    try {
      const [counts] = await after.query<{ lieux: number; gros: number; runs: number }>(
        "SELECT (SELECT count(*)::int FROM lieux) AS lieux, (SELECT count(*)::int FROM source_records WHERE source = 'gros') AS gros, (SELECT count(*)::int FROM import_runs) AS runs",
      );
      assert.deepEqual(counts, { lieux: 3, gros: 0, runs: 1 });
    } finally {
      await after.close();
    }
  } finally {
    await db.cleanup();
    rmSync(dir, { recursive: true, force: true });
  }
});
