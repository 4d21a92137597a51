// The home page in a real Chromium: no axe violation (with and without JavaScript), the search
// form submits without JavaScript, keyboard-only use with a visible focus, commune suggestions
// with JavaScript, and the shell around it (assets cached for a year, compression, error pages).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { brotliDecompressSync } from 'node:zlib';
import { needChoices } from '../../src/web/recherche/need-choices.ts';
import { axeViolations, browserSkip, browserTest, describeViolations, focusedElement, startWebHarness, type WebHarness } from './support/browser.ts';

let h: WebHarness;
before(async () => {
  if (!browserSkip) h = await startWebHarness();
});
after(async () => h?.close());


for (const javaScript of [false, true]) {
  test(`home page has no axe violation (JavaScript ${javaScript ? 'on' : 'off'})`, browserTest, async () => {
    const page = await h.newPage({ javaScript });
    await page.goto('/');
    assert.equal(await page.getAttribute('html', 'lang'), 'fr');
    assert.equal(await page.title(), 'Trouver de l’aide pour le numérique — Passerelle');
    if (javaScript) await page.getByRole('button', { name: 'Autour de moi' }).waitFor();
    const violations = await axeViolations(page);
    assert.deepEqual(violations.map((v) => v.id), [], describeViolations(violations));
  });
}

test('the search form submits without JavaScript and lands on /recherche with the answers', browserTest, async () => {
  const page = await h.newPage({ javaScript: false });
  await page.goto('/');
  await page.getByLabel('Où ?').fill('Échirolles');
  await page.getByLabel('De quoi avez-vous besoin ?').fill('faire ma déclaration d’impôts');
  await page.getByLabel(needChoices().find((n) => n.value === 'Aide aux démarches administratives')!.label).check();
  await page.getByLabel('Seulement les lieux gratuits').check();
  await Promise.all([page.waitForURL('**/recherche?**'), page.getByRole('button', { name: 'Chercher' }).click()]);
  const url = new URL(page.url());
  assert.equal(url.pathname, '/recherche');
  assert.equal(url.searchParams.get('ou'), 'Échirolles');
  assert.equal(url.searchParams.get('besoin'), 'faire ma déclaration d’impôts');
  assert.deepEqual(url.searchParams.getAll('services'), ['Aide aux démarches administratives']);
  assert.equal(url.searchParams.get('gratuit'), 'oui');
  assert.equal(url.searchParams.has('lat'), false, 'no hidden position without JavaScript');
});

test('keyboard only: the skip link comes first, then the form fields in order, each with a visible focus', browserTest, async () => {
  const page = await h.newPage({ javaScript: false });
  await page.goto('/');
  await page.keyboard.press('Tab');
  const skipLink = await focusedElement(page);
  assert.equal(skipLink.description, 'a:Aller au contenu');
  assert.ok(await page.getByRole('link', { name: 'Aller au contenu' }).isVisible(), 'the skip link shows when focused');
  assert.ok(skipLink.outlineWidth >= 2 && skipLink.outlineStyle !== 'none', `focus outline ${skipLink.outlineWidth}px ${skipLink.outlineStyle}`);

  await page.keyboard.press('Enter'); // follows the skip link: the next Tab starts in <main>
  const expected = ['input#ou', 'input#besoin', ...needChoices().map((_, i) => `input#besoin-${i}`), 'input#gratuit', 'button:Chercher'];
  for (const description of expected) {
    await page.keyboard.press('Tab');
    const focused = await focusedElement(page);
    assert.equal(focused.description, description);
    assert.ok(focused.outlineWidth >= 2 && focused.outlineStyle !== 'none', `${description}: focus outline ${focused.outlineWidth}px ${focused.outlineStyle}`);
  }
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Space'); // ticks "Seulement les lieux gratuits"
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter'); // presses "Chercher"
  await page.waitForURL('**/recherche?**');
  assert.equal(new URL(page.url()).searchParams.get('gratuit'), 'oui');
});

test('with JavaScript, typing a commune offers suggestions from the communes API', browserTest, async () => {
  const page = await h.newPage({ javaScript: true });
  await page.goto('/');
  await page.getByLabel('Où ?').pressSequentially('echiro');
  const option = page.locator('datalist#ou-suggestions option').first();
  await option.waitFor({ state: 'attached' });
  assert.equal(await option.getAttribute('value'), 'Échirolles (38130)');
});

test('the stylesheet has a content-hashed URL, is cached for a year and served compressed', browserTest, async () => {
  const home = await h.app.inject({ url: '/' });
  const href = /<link rel="stylesheet" href="(\/assets\/style\.[0-9a-f]{12}\.css)">/.exec(home.body)?.[1];
  assert.ok(href, 'the page links a hashed stylesheet');
  const css = await h.app.inject({ url: href, headers: { 'accept-encoding': 'br, gzip' } });
  assert.equal(css.statusCode, 200);
  assert.equal(css.headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.equal(css.headers['content-encoding'], 'br');
  assert.match(brotliDecompressSync(css.rawPayload).toString('utf8'), /@media print/);
  const stale = await h.app.inject({ url: '/assets/style.000000000000.css' });
  assert.equal(stale.statusCode, 404);
});

test('the home page with its stylesheet and script weighs under 10 KB compressed with brotli', browserTest, async () => {
  const get = (url: string) => h.app.inject({ url, headers: { 'accept-encoding': 'br' } });
  const home = await get('/');
  const linked = [...(await h.app.inject({ url: '/' })).body.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
  assert.equal(linked.length, 2, 'one stylesheet, one script');
  const sizes = [home, ...(await Promise.all(linked.map(get)))].map((r) => r.rawPayload.length);
  const total = sizes.reduce((a, b) => a + b, 0);
  assert.ok(total < 10_000, `${total} bytes (${sizes.join(' + ')})`);
});

test('unknown pages get a French 404 page; the API keeps problem+json', browserTest, async () => {
  const page = await h.newPage({ javaScript: false });
  const response = await page.goto('/nulle-part');
  assert.equal(response?.status(), 404);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Page introuvable');
  const violations = await axeViolations(page);
  assert.deepEqual(violations.map((v) => v.id), [], describeViolations(violations));
  const api = await h.app.inject({ url: '/api/v1/nulle-part' });
  assert.equal(api.statusCode, 404);
  assert.equal(api.headers['content-type'], 'application/problem+json; charset=utf-8');
});

test('the header and footer pages exist and have no axe violation', browserTest, async () => {
  // These pages load no script: with or without JavaScript they are the same document.
  const page = await h.newPage({ javaScript: true });
  for (const url of ['/a-propos', '/mentions-legales', '/donnees-personnelles', '/accessibilite']) {
    const response = await page.goto(url);
    assert.equal(response?.status(), 200, url);
    const violations = await axeViolations(page);
    assert.deepEqual(violations.map((v) => v.id), [], `${url}\n${describeViolations(violations)}`);
  }
});
