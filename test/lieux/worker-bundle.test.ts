// The validation worker's bundle is built again when one of its sources changes, and only then:
// a manifest of the sources' sizes and modification times lets a new process skip esbuild.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { workerBundle } from '../../src/lieux/import/worker-bundle.ts';

test('the bundle is reused while its sources are unchanged, rebuilt when one changes or when it is gone', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'passerelle-bundle-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const cache = join(dir, 'cache');
  const entry = pathToFileURL(join(dir, 'entry.ts'));
  writeFileSync(join(dir, 'entry.ts'), "import { word } from './word.ts';\nconsole.log(word satisfies string);\n");
  writeFileSync(join(dir, 'word.ts'), "export const word = 'premier';\n");

  const first = workerBundle(entry, cache);
  assert.match(readFileSync(first, 'utf8'), /premier/);
  const manifests = readdirSync(cache).filter((f) => f.endsWith('.json'));
  assert.equal(manifests.length, 1);
  const manifest = join(cache, manifests[0]!);
  const writtenAt = statSync(manifest).mtimeMs;

  assert.equal(workerBundle(entry, cache).href, first.href);
  assert.equal(statSync(manifest).mtimeMs, writtenAt, 'sources unchanged: nothing was built or written');

  writeFileSync(join(dir, 'word.ts'), "export const word = 'deuxieme-mot';\n"); // an imported source
  const second = workerBundle(entry, cache);
  assert.notEqual(second.href, first.href);
  assert.match(readFileSync(second, 'utf8'), /deuxieme-mot/);

  unlinkSync(fileURLToPath(second));
  assert.match(readFileSync(workerBundle(entry, cache), 'utf8'), /deuxieme-mot/);
});
