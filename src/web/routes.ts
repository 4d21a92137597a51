// Owns the registration of the site's pages (server-rendered HTML, usable without JavaScript) and
// of their static assets. Each domain module declares its pages as a PageRoute table; add yours
// to PAGES below.
import type { FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import cookie from '@fastify/cookie';
import type { Db } from '../platform/db.ts';
import type { PageRoute, WebDeps } from './page-route.ts';
import { registerAssets } from './assets.ts';
import { homePages } from './recherche/home-page.ts';
import { resultsPages } from './recherche/results-page.ts';
import { lieuPages } from './lieu/lieu-page.ts';
import { reportPages } from './signalement/report-page.ts';
import { infoPages } from './info/info-pages.ts';
import { loginPages } from './comptes/login-pages.ts';
import { accountPages } from './comptes/account-page.ts';
import { claimPages } from './comptes/claim-pages.ts';
import { fichePages } from './fiche/fiche-page.ts';
import { verifyPages } from './contribution/verify-page.ts';
import { editPages } from './contribution/edit-page.ts';
import { historyPages } from './contribution/history-page.ts';
import { suggestPages } from './contribution/suggest-page.ts';
import { moderationPages } from './contribution/moderation-page.ts';
import { dashboardPages } from './contribution/dashboard-page.ts';
import { observatoirePages } from './observatoire/pages.ts';

const PAGES: PageRoute[] = [...homePages, ...resultsPages, ...lieuPages, ...reportPages, ...infoPages, ...fichePages, ...loginPages, ...accountPages, ...claimPages, ...verifyPages,
  ...editPages, ...historyPages, ...suggestPages, ...moderationPages, ...dashboardPages, ...observatoirePages];

export async function registerWebRoutes(app: FastifyInstance, db: Db, deps: WebDeps = {}): Promise<void> {
  // Forms post application/x-www-form-urlencoded; 100 KB is far above any of our forms.
  await app.register(formbody, { bodyLimit: 100_000 });
  await app.register(cookie);
  registerAssets(app);
  for (const route of PAGES) {
    app.route({ method: route.method, url: route.url, handler: (request, reply) => route.handler(db, request, reply, deps) });
  }
}
