// Errors in French for people, problem+json for programs: a page that fails (here, its database is
// gone) gets the French 500 page, the same failure under /api/ a problem+json document.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildServer } from '../../src/api/server.ts';
import { openTestDb } from '../support/test-db.ts';

test('a failing page shows the French error page; the API answers problem+json', async () => {
  const db = await openTestDb();
  const app = await buildServer(db);
  await db.close(); // every query now fails
  try {
    const id = '00000000-0000-0000-0000-000000000001';
    const page = await app.inject({ url: `/lieux/${id}` });
    assert.equal(page.statusCode, 500);
    assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
    assert.match(page.body, /<html lang="fr">/);
    assert.match(page.body, /<h1>Désolé, un problème est survenu<\/h1>/);
    assert.doesNotMatch(page.body, /Error|at \//, 'no technical detail shown');
    const api = await app.inject({ url: `/api/v1/lieux/${id}` });
    assert.equal(api.statusCode, 500);
    assert.equal(api.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(api.json().title, 'Erreur interne');
  } finally {
    await app.close();
  }
});
