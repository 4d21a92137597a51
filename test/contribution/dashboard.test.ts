// The coordinators' dashboard (issue 4, point 5): coordinators see the stale, unclaimed and
// reported places of their territories, and export them. Categories are computed with a pinned
// clock (verified 7 months ago: to verify at 6 months, not at 12); a place of another département
// never appears, on the page or in the export; the CSV reads back (BOM, `;`, header, formula
// guard); managers are refused, visitors sent to sign in; an administrator's list is paginated.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../src/platform/db.ts';
import { pinClock } from '../../src/platform/clock.ts';
import { importFile } from '../../src/lieux/import/import-file.ts';
import { addManagedLieu, getUser, setRole, userForEmail, type User } from '../../src/comptes/users.ts';
import { openSession } from '../../src/comptes/sessions.ts';
import { buildServer } from '../../src/api/server.ts';
import { staleMonths } from '../../src/contribution/staleness.ts';
import { dashboardCounts, dashboardPage, dashboardRows, findTerritory } from '../../src/contribution/dashboard.ts';
import { openTestDb } from '../support/test-db.ts';

const NOW = new Date('2025-03-15T10:00:00Z');
const HEADER = readFileSync(fileURLToPath(new URL('../browser/fixtures/lieux-pages.csv', import.meta.url)), 'utf8').split('\n')[0]!;

type Place = { id: string; nom: string; commune: string; code_postal: string; verified_at?: string; date_maj?: string; status?: string };
const PLACES: Place[] = [
  // Isère (38)
  { id: 'sept-mois', nom: 'Médiathèque Neruda', commune: 'Échirolles', code_postal: '38130', verified_at: '2024-08-15T10:00:00Z' },
  { id: 'formule', nom: '=HYPERLINK("https://exemple.org";"cliquez")', commune: 'Grenoble', code_postal: '38000', verified_at: '2025-02-01T10:00:00Z' },
  { id: 'a-jour', nom: 'Espace public numérique à jour', commune: 'Grenoble', code_postal: '38000', verified_at: '2025-03-01T10:00:00Z' },
  { id: 'signale', nom: 'Centre social signalé', commune: 'Grenoble', code_postal: '38000', verified_at: '2025-03-01T10:00:00Z' },
  { id: 'jamais', nom: 'Tiers-lieu jamais vérifié', commune: 'Mens', code_postal: '38710', date_maj: '2023-01-10' },
  { id: 'ferme', nom: 'Cyberbase fermée', commune: 'Mens', code_postal: '38710', date_maj: '2023-01-10', status: 'closed' },
  { id: 'fusionne', nom: 'Doublon fusionné', commune: 'Grenoble', code_postal: '38000', date_maj: '2023-01-10' },
  // Savoie (73)
  { id: 'savoie', nom: 'France services de Chambéry', commune: 'Chambéry', code_postal: '73000', date_maj: '2023-01-10' },
];

const csvRow = (p: Place) => {
  const cells: Record<string, string> = {
    id: p.id, pivot: '13002526500013', nom: `"${p.nom.replaceAll('"', '""')}"`, adresse: '1 place de la Mairie', commune: p.commune, code_postal: p.code_postal,
    date_maj: p.date_maj ?? '2024-01-01', services: 'Aide aux démarches administratives', frais_a_charge: 'Gratuit', itinerance: 'Fixe',
    kind: 'mediation', status: p.status ?? 'open', verified_at: p.verified_at ?? '',
  };
  return HEADER.split(',').map((column) => cells[column] ?? '').join(',');
};

const dir = mkdtempSync(join(tmpdir(), 'passerelle-dashboard-'));
let db: Db;
let app: FastifyInstance;
const ids: Record<string, string> = {};
let isere: User;
let savoie: User;
let admin: User;
let manager: User;
const cookies: Record<string, string> = {};

before(async () => {
  pinClock(NOW);
  db = await openTestDb();
  const file = join(dir, 'lieux.csv');
  writeFileSync(file, `${HEADER}\n${PLACES.map(csvRow).join('\n')}\n`);
  const report = await importFile(db, { path: file, source: 'test-dashboard', actor: 'test' });
  assert.equal(report.created, PLACES.length, JSON.stringify(report.issues));
  for (const r of await db.query<{ source_id: string; lieu_id: string }>('SELECT source_id, lieu_id FROM source_records')) ids[r.source_id] = r.lieu_id;
  await db.query('UPDATE lieux SET merged_into = $1 WHERE id = $2', [ids['a-jour'], ids.fusionne]);

  const account = async (email: string, role: 'manager' | 'coordinator' | 'admin', territory?: string) => {
    const u = await userForEmail(db, email);
    if (role !== 'manager') await setRole(db, u.id, role, territory ? [{ level: 'departement', code: territory }] : []);
    cookies[email] = `passerelle_session=${await openSession(db, u.id)}`;
    return u;
  };
  const m = await account('responsable@exemple.fr', 'manager');
  for (const managed of ['a-jour', 'signale', 'sept-mois']) await addManagedLieu(db, m.id, ids[managed]!);
  manager = (await getUser(db, m.id))!;
  isere = (await getUser(db, (await account('coord@isere.fr', 'coordinator', '38')).id))!;
  savoie = (await getUser(db, (await account('coord@savoie.fr', 'coordinator', '73')).id))!;
  admin = (await getUser(db, (await account('admin@passerelle.fr', 'admin')).id))!;

  // Two pending reports (the latest: wrong hours) and one handled on the reported place; one on the Savoie place.
  const report_ = (lieu: string, kind: string, at: string, status = 'new') =>
    db.query('INSERT INTO signalements (lieu_id, kind, status, created_at) VALUES ($1, $2, $3, $4)', [ids[lieu], kind, status, at]);
  await report_('signale', 'adresse', '2025-03-01T09:00:00Z');
  await report_('signale', 'horaires', '2025-03-10T09:00:00Z');
  await report_('signale', 'ferme', '2025-03-12T09:00:00Z', 'rejected');
  await report_('savoie', 'contact', '2025-03-02T09:00:00Z');
  await report_('fusionne', 'autre', '2025-03-02T09:00:00Z');

  app = await buildServer(db, { geocoder: undefined });
});
after(async () => {
  pinClock(undefined);
  await app?.close();
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

const byName = (rows: { nom: string }[]) => rows.map((r) => r.nom).sort();

test('with a pinned clock, a place verified 7 months ago is to verify at 6 months, not at 12 (PASSERELLE_RAPPEL_MOIS)', async () => {
  const six = await dashboardPage(db, isere, { category: 'a-verifier' }, 1, { months: staleMonths({}) });
  assert.equal(six.months, 6);
  assert.deepEqual(byName(six.rows), ['Médiathèque Neruda', 'Tiers-lieu jamais vérifié'], 'a place closed for good is not to verify');
  const neruda = six.rows.find((r) => r.nom === 'Médiathèque Neruda')!;
  assert.equal(neruda.last_confirmed, '2024-08-15');
  assert.equal(six.rows.find((r) => r.nom === 'Tiers-lieu jamais vérifié')!.last_confirmed, '2023-01-10', 'without a verification, the date of its last update');

  const twelve = await dashboardPage(db, isere, { category: 'a-verifier' }, 1, { months: staleMonths({ PASSERELLE_RAPPEL_MOIS: '12' }) });
  assert.deepEqual(byName(twelve.rows), ['Tiers-lieu jamais vérifié']);
});

test('the three categories of a coordinator’s territories, each place once with its flags when listing all', async () => {
  const counts = await dashboardCounts(db, isere);
  assert.deepEqual(counts, { 'a-verifier': 2, 'sans-responsable': 2, signales: 1, total: 4 });

  const unclaimed = await dashboardPage(db, isere, { category: 'sans-responsable' });
  assert.deepEqual(byName(unclaimed.rows), ['=HYPERLINK("https://exemple.org";"cliquez")', 'Tiers-lieu jamais vérifié'], 'a merged place and a place closed for good are not listed');

  const reported = await dashboardPage(db, isere, { category: 'signales' });
  assert.deepEqual(reported.rows.map((r) => [r.nom, r.pending_reports, r.latest_report_kind]), [['Centre social signalé', 2, 'horaires']], 'a handled report is not pending');

  const all = await dashboardPage(db, isere);
  assert.equal(all.matching, 4);
  assert.deepEqual(all.rows.map((r) => r.commune), ['Échirolles', 'Grenoble', 'Grenoble', 'Mens'], 'ordered by commune (then by name, in the database’s collation)');
  assert.deepEqual(all.rows.map((r) => [r.nom, r.stale, r.unclaimed, r.pending_reports]).sort(), [
    ['=HYPERLINK("https://exemple.org";"cliquez")', false, true, 0],
    ['Centre social signalé', false, false, 2],
    ['Médiathèque Neruda', true, false, 0],
    ['Tiers-lieu jamais vérifié', true, true, 0],
  ], 'each place once with its flags; the place verified this month and unreported is not listed');
});

test('a coordinator never sees a place of another département, on the page or in the export; an administrator sees all', async () => {
  assert.deepEqual(byName((await dashboardPage(db, savoie)).rows), ['France services de Chambéry']);
  assert.equal((await dashboardPage(db, isere)).rows.some((r) => r.departement_code !== '38'), false);
  assert.equal((await dashboardCounts(db, admin)).total, 5);

  const page = await app.inject({ url: '/tableau-de-bord', headers: { cookie: cookies['coord@isere.fr']! } });
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<meta name="robots" content="noindex">/);
  assert.match(page.body, /Médiathèque Neruda/);
  assert.doesNotMatch(page.body, /Chambéry/);
  const csv = await app.inject({ url: '/tableau-de-bord/export.csv', headers: { cookie: cookies['coord@isere.fr']! } });
  assert.equal(csv.statusCode, 200);
  assert.doesNotMatch(csv.body, /Chambéry|73065/);

  // Asking for another territory in the URL is refused, not silently emptied.
  for (const url of ['/tableau-de-bord?territoire=departement:73', '/tableau-de-bord/export.csv?territoire=departement:73']) {
    const refused = await app.inject({ url, headers: { cookie: cookies['coord@isere.fr']! } });
    assert.equal(refused.statusCode, 403, url);
    assert.match(refused.body, /Savoie \(département 73\) ne fait pas partie de vos territoires/);
  }
  // A commune of her département narrows the list.
  const grenoble = await app.inject({ url: '/tableau-de-bord?territoire=commune:38185', headers: { cookie: cookies['coord@isere.fr']! } });
  assert.equal(grenoble.statusCode, 200);
  assert.match(grenoble.body, /Centre social signalé/);
  assert.doesNotMatch(grenoble.body, /Médiathèque Neruda/);
  assert.equal((await findTerritory(db, 'commune:38185'))?.nom, 'Grenoble');
});

/** A `;` separated CSV with quoted cells, as a spreadsheet reads it. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ';') { row.push(cell); cell = ''; } else if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; } else cell += c;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

test('the export reads back in a spreadsheet: BOM, `;`, header, one place a line, formulas neutralised, named by the day', async () => {
  const response = await app.inject({ url: '/tableau-de-bord/export.csv', headers: { cookie: cookies['coord@isere.fr']!, host: 'passerelle.test' } });
  assert.equal(response.statusCode, 200);
  assert.match(String(response.headers['content-type']), /^text\/csv; charset=utf-8/);
  assert.equal(response.headers['content-disposition'], 'attachment; filename="tableau-de-bord-2025-03-15.csv"');
  const body = response.rawPayload.toString('utf8');
  assert.ok(body.startsWith('\uFEFF'), 'UTF-8 with a BOM');
  const [header, ...lines] = parseCsv(body.slice(1));
  assert.deepEqual(header, ['id', 'nom', 'commune', 'code_insee', 'departement', 'a_verifier', 'derniere_verification', 'sans_responsable', 'signalements_en_attente', 'url']);
  assert.equal(lines.length, 4);
  const row = (id: string) => Object.fromEntries(header!.map((h, i) => [h, lines.find((l) => l[0] === ids[id])![i]]));
  assert.deepEqual(row('sept-mois'), {
    id: ids['sept-mois'], nom: 'Médiathèque Neruda', commune: 'Échirolles', code_insee: '38151', departement: '38', a_verifier: 'oui',
    derniere_verification: '2024-08-15', sans_responsable: 'non', signalements_en_attente: '0', url: `http://passerelle.test/lieux/${ids['sept-mois']}`,
  });
  assert.equal(row('formule').nom, `'=HYPERLINK("https://exemple.org";"cliquez")`, 'a leading = is not run as a formula');
  assert.equal(row('formule').sans_responsable, 'oui');
  assert.equal(row('signale').signalements_en_attente, '2');

  // Same filters as the page; the rows read page by page are the page's rows in the page's order.
  const reported = parseCsv((await app.inject({ url: '/tableau-de-bord/export.csv?categorie=signales', headers: { cookie: cookies['coord@isere.fr']! } })).body.slice(1));
  assert.deepEqual(reported.slice(1).map((l) => l[1]), ['Centre social signalé']);
  const streamed: string[] = [];
  for await (const r of dashboardRows(db, admin, {}, {}, 2)) streamed.push(r.id);
  const pages = [];
  for (let p = 1; p <= 3; p++) pages.push(...(await dashboardPage(db, admin, {}, p, {}, 2)).rows.map((r) => r.id));
  assert.deepEqual(streamed, pages);
  assert.equal(new Set(streamed).size, 5);
});

test('an administrator’s list is paginated with the total shown; filters are plain GET parameters, unknown ones reported', async () => {
  const first = await dashboardPage(db, admin, {}, 1, {}, 2);
  assert.deepEqual([first.rows.length, first.matching, first.pageCount], [2, 5, 3]);
  const beyond = await dashboardPage(db, admin, {}, 99, {}, 2);
  assert.deepEqual([beyond.page, beyond.rows.length], [3, 1], 'a page past the end shows the last one');

  const cookie = cookies['admin@passerelle.fr']!;
  const page = await app.inject({ url: '/tableau-de-bord?categorie=signales', headers: { cookie } });
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<caption>Lieux signalés, tous les territoires : lieux 1 à 2 sur 2<\/caption>/);
  assert.match(page.body, /<th scope="row"><a href="\/lieux\/[0-9a-f-]{36}">Centre social signalé<\/a><\/th>/);
  assert.match(page.body, /href="\/lieux\/[0-9a-f-]{36}\/modifier">Modifier/);
  assert.match(page.body, /2<\/strong> \(dernier : Les horaires sont faux\)/);
  assert.match(page.body, /href="\/tableau-de-bord\/export.csv\?categorie=signales"/);
  assert.doesNotMatch(page.body, /<script>|=HYPERLINK\("https/, 'names are escaped in the page and only the reported ones listed');

  const unknown = await app.inject({ url: '/tableau-de-bord?categorie=perdus&territoire=departement:999', headers: { cookie } });
  assert.equal(unknown.statusCode, 200);
  assert.match(unknown.body, /La catégorie « perdus » n’existe pas : ce filtre n’est pas appliqué/);
  assert.match(unknown.body, /Le territoire « departement:999 » est inconnu/);
  assert.equal((await app.inject({ url: '/tableau-de-bord/export.csv?categorie=perdus', headers: { cookie } })).statusCode, 400);
});

test('a structure manager is refused, a visitor is sent to sign in; the account page links coordinators to the dashboard', async () => {
  assert.equal(manager.role, 'manager');
  for (const url of ['/tableau-de-bord', '/tableau-de-bord/export.csv']) {
    const refused = await app.inject({ url, headers: { cookie: cookies['responsable@exemple.fr']! } });
    assert.equal(refused.statusCode, 403, url);
    assert.match(refused.body, /Accès refusé/);
    const anonymous = await app.inject({ url });
    assert.equal(anonymous.statusCode, 303, url);
    assert.equal(anonymous.headers.location, '/connexion');
  }
  assert.match((await app.inject({ url: '/compte', headers: { cookie: cookies['coord@isere.fr']! } })).body, /href="\/tableau-de-bord"/);
  assert.doesNotMatch((await app.inject({ url: '/compte', headers: { cookie: cookies['responsable@exemple.fr']! } })).body, /href="\/tableau-de-bord"/);
});
