#!/usr/bin/env node
// Runs every test/**/*.test.ts with Node's test runner (TypeScript through tsx).
// Node 20's runner does not expand globs itself, hence this small script.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const find = (dir) => readdirSync(dir).flatMap((name) => {
  const path = join(dir, name);
  return statSync(path).isDirectory() ? find(path) : name.endsWith('.test.ts') ? [path] : [];
});
const only = process.argv.slice(2);
const files = only.length > 0 ? only : find('test').sort();
const env = { ...process.env, TZ: 'Europe/Paris' }; // as bin/passerelle.js: opening hours are local times
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
