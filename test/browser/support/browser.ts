// Real-browser tests: Debian's Chromium driven by playwright-core against the real app (buildServer
// on a fresh test database) listening on 127.0.0.1. Tests skip, with a message, when Chromium is
// not installed. Each launch gets a fresh temporary profile from Playwright, deleted at close.
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../../src/platform/db.ts';
import { buildServer, type ServerOptions } from '../../../src/api/server.ts';
import { openTestDb } from '../../support/test-db.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** false when the browser is there, else the reason to give to node:test's `skip`. */
export const browserSkip: false | string = existsSync(CHROMIUM_PATH)
  ? false
  : `Chromium not found at ${CHROMIUM_PATH}: browser tests skipped (apt-get install chromium).`;

/** Options for every browser test: skipped without Chromium, and failed rather than hung after a minute. */
export const browserTest = { skip: browserSkip, timeout: 60_000 };

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export type WebHarness = {
  db: Db;
  app: FastifyInstance;
  /** http://127.0.0.1:PORT, without a trailing slash */
  baseUrl: string;
  browser: Browser;
  /** A new page in a new context (fresh cookies and storage); JavaScript is on unless `javaScript: false`. */
  newPage(options?: { javaScript?: boolean }): Promise<Page>;
  close(): Promise<void>;
};

/** Opens a test database, lets `seed` fill it, starts the app on 127.0.0.1:0 and launches Chromium. */
export async function startWebHarness(options: { seed?: (db: Db) => Promise<void>; server?: ServerOptions } = {}): Promise<WebHarness> {
  const db = await openTestDb();
  await options.seed?.(db);
  const app = await buildServer(db, options.server);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  const contexts: BrowserContext[] = [];
  return {
    db,
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    browser,
    async newPage({ javaScript = true } = {}) {
      const context = await browser.newContext({ javaScriptEnabled: javaScript, locale: 'fr-FR', baseURL: `http://127.0.0.1:${port}` });
      contexts.push(context);
      const page = await context.newPage();
      if (!javaScript) withoutJavaScript.add(page);
      return page;
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close();
      await app.close();
      await db.close();
    },
  };
}

export type AxeViolation = { id: string; impact?: string | null; help: string; nodes: { target: unknown; html: string }[] };

const withoutJavaScript = new WeakSet<Page>();

/**
 * axe-core's WCAG 2.0/2.1 A and AA violations on the page as it is now. axe itself needs
 * JavaScript (it waits on timers), so a page opened without JavaScript is checked as a copy: its
 * current HTML, served at the same URL to a page where JavaScript runs but the site's scripts are
 * blocked, with the same stylesheets (colour contrast depends on them).
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  if (!withoutJavaScript.has(page)) return analyze(page);
  const url = page.url();
  const markup = await page.content();
  const context = await page.context().browser()!.newContext({ javaScriptEnabled: true, locale: 'fr-FR' });
  try {
    await context.route('**/*', (route) => {
      const request = route.request();
      if (request.resourceType() === 'script') return route.abort();
      if (request.isNavigationRequest() && request.url() === url) return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: markup });
      return route.continue();
    });
    const copy = await context.newPage();
    await copy.goto(url);
    return await analyze(copy);
  } finally {
    await context.close();
  }
}

async function analyze(page: Page): Promise<AxeViolation[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations;
}

/** A readable list of violations for an assertion message. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `  ${JSON.stringify(n.target)} ${n.html}`).join('\n')}`).join('\n');
}

/** The focused element: a short description (tag#id or text), and its computed outline width in px. */
export async function focusedElement(page: Page): Promise<{ description: string; outlineWidth: number; outlineStyle: string }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { description: 'body', outlineWidth: 0, outlineStyle: 'none' };
    const style = getComputedStyle(el);
    const name = el.id ? `${el.tagName.toLowerCase()}#${el.id}` : `${el.tagName.toLowerCase()}:${(el.textContent ?? '').trim().slice(0, 40)}`;
    return { description: name, outlineWidth: parseFloat(style.outlineWidth) || 0, outlineStyle: style.outlineStyle };
  });
}
