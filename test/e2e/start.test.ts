// A newcomer's first start: `passerelle serve` on a fresh database (embedded data directory, or a
// new schema on the PostgreSQL server) creates the schema, loads territories and the regional
// dataset, and serves them through the API; a second start reuses the data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isolatedEnv } from '../support/cli-env.ts';

const BIN = fileURLToPath(new URL('../../bin/passerelle.js', import.meta.url));

async function start(env: Record<string, string>): Promise<{ child: ChildProcess; url: string; log: () => string }> {
  const child = spawn(process.execPath, [BIN, 'serve'], { env: { ...process.env, ...env, PORT: '0', HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.on('data', (d) => (log += d));
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (d) => {
      log += d;
      const m = /prête : (http:\/\/localhost:\d+)\//.exec(log);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the server stopped (code ${code}):\n${log}`)));
  });
  return { child, url, log: () => log };
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

test('first start creates and seeds the database and serves the places; second start reuses them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'passerelle-e2e-'));
  const db = isolatedEnv(dir, { seed: true });
  try {
    const first = await start(db.env);
    try {
      assert.match(first.log(), /34969 communes et 1255 EPCI chargés/);
      assert.match(first.log(), /687 lieux importés, 0 rejetés/);
      const body = (await (await fetch(`${first.url}/api/v1/lieux?commune=38151`)).json()) as { meta: { total: number }; data: { territoire: { commune_nom: string } }[] };
      assert.ok(body.meta.total > 0);
      assert.equal(body.data[0]!.territoire.commune_nom, 'Échirolles');
      const home = await fetch(`${first.url}/`);
      assert.match(await home.text(), /<html lang="fr">/);
    } finally {
      await stop(first.child);
    }
    const second = await start(db.env);
    try {
      assert.doesNotMatch(second.log(), /Premier démarrage/);
      const body = (await (await fetch(`${second.url}/api/v1/lieux?limit=1`)).json()) as { meta: { total: number } };
      assert.equal(body.meta.total, 687);
    } finally {
      await stop(second.child);
    }
  } finally {
    await db.cleanup();
    rmSync(dir, { recursive: true, force: true });
  }
});
