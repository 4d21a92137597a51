// Owns running the real Passerelle for the page-weight benchmark: `passerelle serve` on a
// throw-away embedded database (seeded with the demo dataset on first start) on 127.0.0.1, without
// map tiles or geocoder, and
// turning the list of pages to measure into URLs that exist right now.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/passerelle.js', import.meta.url));

export type RunningPasserelle = { origin: string; close: () => Promise<void> };

/**
 * Starts `passerelle serve --port 0`. WEIGHT_DATA_DIR keeps the database between runs (the first
 * start loads the territories and the demo places, which takes a while); otherwise a temporary one.
 */
export async function startPasserelle(log: (line: string) => void): Promise<RunningPasserelle> {
  const keep = process.env.WEIGHT_DATA_DIR;
  const dataDir = keep ?? mkdtempSync(join(tmpdir(), 'passerelle-weight-db-'));
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], {
    // No map tiles (the target leaves them out, and nothing may leave 127.0.0.1), no geocoder.
    env: { ...process.env, HOST: '127.0.0.1', PASSERELLE_DATA_DIR: dataDir, PASSERELLE_SEED: 'true', DATABASE_URL: '', PASSERELLE_TILES_URL: 'aucune', PASSERELLE_GEOCODER_URL: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const port = await new Promise<number>((done, fail) => {
    let output = '';
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      output += chunk;
      for (const line of chunk.split('\n')) if (line.trim()) log(`  passerelle: ${line.trim()}`);
      const ready = /prête : http:\/\/[^:]+:(\d+)\//.exec(output);
      if (ready) done(Number(ready[1]));
    });
    child.once('exit', (code) => fail(new Error(`passerelle serve stopped (code ${code}) before listening:\n${output}`)));
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    close: async () => {
      await stop(child);
      if (!keep) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((done) => {
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}

export type PasserellePage = { label: string; path: string };

/**
 * Resolves the placeholders of the page list against the running server ({lieu} → the id of a
 * place of the demo dataset at Échirolles) and leaves out the pages that answer 404 yet (the
 * results page is being written), saying so.
 */
export async function resolvePages(origin: string, pages: PasserellePage[], log: (line: string) => void): Promise<PasserellePage[]> {
  const resolved: PasserellePage[] = [];
  for (const page of pages) {
    let path = page.path;
    if (path.includes('{lieu}')) {
      const response = await fetch(`${origin}/api/v1/lieux?q=${encodeURIComponent('échirolles')}&limit=1`);
      const body = (await response.json()) as { data?: { id: string }[] };
      const id = body.data?.[0]?.id;
      if (!id) {
        log(`  ${page.label}: no place found for {lieu}, page left out`);
        continue;
      }
      path = path.replace('{lieu}', encodeURIComponent(id));
    }
    const status = (await fetch(origin + path, { headers: { accept: 'text/html' } })).status;
    if (status >= 400) {
      log(`  ${page.label}: ${path} answers ${status}, page left out`);
      continue;
    }
    resolved.push({ label: page.label, path });
  }
  return resolved;
}
