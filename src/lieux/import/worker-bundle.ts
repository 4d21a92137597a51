// Owns the validation worker's bundle: its own modules made into one JavaScript file by esbuild,
// under node_modules/.cache (so that the bundle's imports of packages resolve as the sources' do),
// named after its content. Building takes 40-100 ms at the start of every large import, on the
// way of its first rows; so a manifest beside the bundle lists the sources it was made from with
// their size and modification time, and a process whose sources all match it takes the bundle
// without building (checked in well under a millisecond). Packages stay imports, so updating one
// needs no rebuild. Synchronous on purpose: see worker-script.ts.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const CACHE = fileURLToPath(new URL('../../../node_modules/.cache/passerelle/', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

type Manifest = { script: string; sources: Record<string, string> };

/** The bundle of the module `entry`, built if its sources changed. Throws if it cannot be built. */
export function workerBundle(entry: URL, cache = CACHE): URL {
  const entryPath = fileURLToPath(entry);
  // One manifest per entry and per checkout (several checkouts may share node_modules).
  const manifestPath = join(cache, `${createHash('sha1').update(entryPath).digest('hex').slice(0, 16)}.json`);
  return unchanged(cache, manifestPath) ?? build(cache, entryPath, manifestPath);
}

const fingerprint = (path: string) => {
  const stat = statSync(path);
  return `${stat.size}:${stat.mtimeMs}`;
};

function unchanged(cache: string, manifestPath: string): URL | undefined {
  try {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    const script = join(cache, manifest.script);
    const fresh = existsSync(script) && Object.entries(manifest.sources).every(([path, print]) => fingerprint(path) === print);
    return fresh ? pathToFileURL(script) : undefined;
  } catch {
    return undefined; // no manifest yet, or a source gone
  }
}

function build(cache: string, entryPath: string, manifestPath: string): URL {
  // Required only here: a process that never imports a large file does not load esbuild.
  const { buildSync } = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
  const result = buildSync({
    entryPoints: [entryPath], bundle: true, packages: 'external', platform: 'node', format: 'esm',
    target: 'node20', write: false, logLevel: 'silent', metafile: true, absWorkingDir: ROOT,
  });
  const code = result.outputFiles[0]!.contents;
  const name = `validation-worker-${createHash('sha1').update(code).digest('hex').slice(0, 16)}.mjs`;
  mkdirSync(cache, { recursive: true });
  const script = join(cache, name);
  if (!existsSync(script)) writeAtomically(script, code);
  // The settings esbuild read count as sources too.
  const settings = ['tsconfig.json', 'package.json'].filter((file) => existsSync(join(ROOT, file)));
  const sources = Object.fromEntries([...Object.keys(result.metafile.inputs), ...settings].map((input) => {
    const path = join(ROOT, input);
    return [path, fingerprint(path)];
  }));
  writeAtomically(manifestPath, JSON.stringify({ script: name, sources } satisfies Manifest));
  return pathToFileURL(script);
}

// Another process may be writing the same file: each writes its own, then renames it in place.
function writeAtomically(path: string, content: string | Uint8Array): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}
