// A fresh database for a `passerelle` child process: an embedded data directory, or a schema of
// its own on the PostgreSQL server when the suite runs with TEST_DATABASE_URL.
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import pg from 'pg';
import { openDb } from '../../src/platform/db.ts';
import { testDatabaseUrl } from './test-db.ts';

const PASSERELLE_BIN = fileURLToPath(new URL('../../bin/passerelle.js', import.meta.url));

export function isolatedEnv(dir: string, options: { seed?: boolean } = {}): { env: Record<string, string>; cleanup: () => Promise<void>; open: () => ReturnType<typeof openDb> } {
  const seed = options.seed ? 'true' : 'false';
  if (!testDatabaseUrl) {
    const dataDir = join(dir, 'pglite');
    return { env: { PASSERELLE_DATA_DIR: dataDir, PASSERELLE_SEED: seed }, cleanup: async () => undefined, open: () => openDb({ backend: 'pglite', dataDir }) };
  }
  const url = testDatabaseUrl;
  const schema = `cli_${randomBytes(4).toString('hex')}`;
  return {
    env: { DATABASE_URL: url, DATABASE_SCHEMA: schema, PASSERELLE_SEED: seed },
    open: () => openDb({ backend: 'postgres', url, schema }),
    cleanup: async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    },
  };
}

/** Runs `passerelle ARGS…` in a child process with these variables added, and collects its output. */
export function runPasserelle(args: string[], env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [PASSERELLE_BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}
