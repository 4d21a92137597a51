// The contribution pages over HTTP (issue 4): a manager edits her place (grid hours, cleared
// phone) and the public page shows it at once; errors are explained next to their field with the
// typed values kept; the second of two concurrent saves gets 409 with what changed; people who
// do not manage the place are refused on the server; history and revert; a visitor's proposal
// reaches only the coordinators of its territory, who publish it (or reject it with a reason);
// a report is closed by the correction made from it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../src/platform/db.ts';
import { importFile } from '../../src/lieux/import/import-file.ts';
import { getLieu } from '../../src/lieux/store/read-lieux.ts';
import { addManagedLieu, setRole, userForEmail } from '../../src/comptes/users.ts';
import { openSession } from '../../src/comptes/sessions.ts';
import { buildServer } from '../../src/api/server.ts';
import { loadEditable } from '../../src/contribution/edit-lieu.ts';
import { fieldsFromLieu, type FormFields } from '../../src/web/contribution/lieu-form.ts';
import { postForm, formCredentials } from '../support/forms.ts';
import { openTestDb } from '../support/test-db.ts';

const FIXTURE = fileURLToPath(new URL('../browser/fixtures/lieux-pages.csv', import.meta.url));
let db: Db;
let app: FastifyInstance;
let placeId = '';
const cookies: Record<string, string> = {};

before(async () => {
  db = await openTestDb();
  await importFile(db, { path: FIXTURE, source: 'test-pages', actor: 'test' });
  placeId = (await db.query<{ lieu_id: string }>("SELECT lieu_id FROM source_records WHERE source_id = 'page-1'"))[0]!.lieu_id;
  app = await buildServer(db, { geocoder: undefined });
  const people = { manager: 'claire@exemple.fr', other: 'autre@ailleurs.org', isere: 'coord@isere.fr', savoie: 'coord@savoie.fr' };
  for (const [key, email] of Object.entries(people)) {
    const user = await userForEmail(db, email);
    if (key === 'manager') await addManagedLieu(db, user.id, placeId);
    if (key === 'isere') await setRole(db, user.id, 'coordinator', [{ level: 'departement', code: '38' }]);
    if (key === 'savoie') await setRole(db, user.id, 'coordinator', [{ level: 'departement', code: '73' }]);
    cookies[key] = `passerelle_session=${await openSession(db, user.id)}`;
  }
});
after(async () => {
  await app.close();
  await db.close();
});

const get = (url: string, who?: string) => app.inject({ url, headers: who ? { cookie: cookies[who]! } : {} });

/** The hidden fields of the form on that page (CSRF token, revision…), as a browser would send them. */
async function hiddenFields(url: string, who: string): Promise<Record<string, string>> {
  const page = await get(url, who);
  assert.equal(page.statusCode, 200, `${url}: ${page.statusCode}`);
  return Object.fromEntries([...page.body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!.replaceAll('&amp;', '&')]));
}

function post(url: string, who: string, fields: FormFields) {
  const pairs = Object.entries(fields).flatMap(([k, v]) => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).map((x) => [k, x])));
  return app.inject({ method: 'POST', url, payload: new URLSearchParams(pairs).toString(), headers: { cookie: cookies[who]!, 'content-type': 'application/x-www-form-urlencoded' } });
}

async function currentFields(): Promise<FormFields> {
  return fieldsFromLieu((await loadEditable(db, placeId))!.data);
}

test('a manager edits her place with the hours grid and clears the phone: published at once', async () => {
  const hidden = await hiddenFields(`/lieux/${placeId}/modifier`, 'manager');
  const fields = { ...(await currentFields()), ...hidden, telephone: '', h_Mo_1_de: '08:30', h_Mo_1_a: '12:00', h_Mo_2_de: '', h_Mo_2_a: '' };
  const saved = await post(`/lieux/${placeId}/modifier`, 'manager', fields);
  assert.equal(saved.statusCode, 303, saved.body.slice(0, 2000));
  const lieu = (await getLieu(db, placeId))!;
  assert.equal(lieu.data.horaires, 'Mo 08:30-12:00; Tu-Fr 09:00-12:00,14:00-17:30; Sa 09:30-12:00; PH off');
  assert.equal(lieu.data.contact?.telephone, undefined);
  const publicPage = await get(`/lieux/${placeId}`);
  assert.match(publicPage.body, /08:30|8 h 30/);
  assert.doesNotMatch(publicPage.body, /04 76 00 00 00/);
});

test('errors are explained next to each field, with what was typed kept; nothing is saved', async () => {
  const before = (await loadEditable(db, placeId))!;
  const hidden = await hiddenFields(`/lieux/${placeId}/modifier`, 'manager');
  const fields = { ...(await currentFields()), ...hidden, code_postal: '3813', telephone: 'appelez-nous', nom: 'Nouveau nom gardé', h_Tu_1_de: '14:00', h_Tu_1_a: '10:00' };
  const page = await post(`/lieux/${placeId}/modifier`, 'manager', fields);
  assert.equal(page.statusCode, 400);
  assert.match(page.body, /<div class="error" id="code_postal-erreur"><p>Le code postal « 3813 » n&#39;est pas valide : il doit compter 5 chiffres \(un tableur a peut-être supprimé le zéro initial : 03813 \?\)/);
  assert.match(page.body, /id="telephone" name="telephone" value="appelez-nous" aria-describedby="telephone-aide telephone-erreur" aria-invalid="true"/);
  assert.match(page.body, /Mardi : l’heure de fermeture \(10:00\) doit être après l’heure d’ouverture \(14:00\)/);
  assert.match(page.body, /<a href="#code_postal">Code postal : /, 'the summary links to the field');
  assert.match(page.body, /value="Nouveau nom gardé"/);
  assert.equal((await loadEditable(db, placeId))!.revision, before.revision);
});

test('two people save the same version: the second is refused with what the first changed', async () => {
  const seen = await hiddenFields(`/lieux/${placeId}/modifier`, 'manager');
  const base = await currentFields();
  assert.equal((await post(`/lieux/${placeId}/modifier`, 'isere', { ...base, ...seen, _csrf: (await hiddenFields(`/lieux/${placeId}/modifier`, 'isere'))._csrf!, nom: 'Nom choisi par la coordinatrice' })).statusCode, 303);
  const second = await post(`/lieux/${placeId}/modifier`, 'manager', { ...base, ...seen, presentation_resume: 'Résumé de Claire' });
  assert.equal(second.statusCode, 409);
  assert.match(second.body, /Quelqu’un a modifié ce lieu pendant que vous le modifiiez/);
  assert.match(second.body, /Modifié par coord@isere\.fr/);
  assert.match(second.body, /<td>Nom choisi par la coordinatrice<\/td>/);
  assert.match(second.body, /Résumé de Claire/, 'her own text is kept in the form');
  assert.equal((await getLieu(db, placeId))!.data.presentation?.resume, 'Aide pour vos démarches en ligne.');
  const retry = Object.fromEntries([...second.body.matchAll(/<input type="hidden" name="(revision|charge_le)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!]));
  assert.equal((await post(`/lieux/${placeId}/modifier`, 'manager', { ...(await currentFields()), ...seen, ...retry, presentation_resume: 'Résumé de Claire' })).statusCode, 303, 'saving again on purpose works');
});

test('who does not manage the place is refused the form, the save and the history', async () => {
  assert.equal((await get(`/lieux/${placeId}/modifier`)).statusCode, 303, 'anonymous: to the sign-in page');
  for (const who of ['other', 'savoie']) {
    assert.equal((await get(`/lieux/${placeId}/modifier`, who)).statusCode, 403, who);
    assert.equal((await get(`/lieux/${placeId}/historique`, who)).statusCode, 403, who);
    const token = (await hiddenFields('/compte', who))._csrf!;
    const attempt = await post(`/lieux/${placeId}/modifier`, who, { ...(await currentFields()), _csrf: token, revision: '0', nom: 'Piraté' });
    assert.equal(attempt.statusCode, 403, who);
  }
  assert.notEqual((await getLieu(db, placeId))!.data.nom, 'Piraté');
  const forged = await post(`/lieux/${placeId}/modifier`, 'manager', { ...(await currentFields()), _csrf: 'forged', nom: 'Piraté' });
  assert.equal(forged.statusCode, 403);
});

test('the history shows every change with who and the fields; a change is reverted from it', async () => {
  const page = await get(`/lieux/${placeId}/historique`, 'manager');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Création \(import\)/);
  assert.match(page.body, /Modification par formulaire/);
  assert.match(page.body, /Par : coord@isere\.fr/);
  const forms = [...page.body.matchAll(/action="\/lieux\/[^/]+\/historique\/(\d+)\/annuler">\s*<input type="hidden" name="_csrf" value="([^"]+)"><input type="hidden" name="revision" value="(\d+)">/g)];
  assert.ok(forms.length >= 3);
  const [latest] = forms; // the latest change: Claire's résumé
  const reverted = await post(`/lieux/${placeId}/historique/${latest![1]}/annuler`, 'manager', { _csrf: latest![2]!, revision: latest![3]! });
  assert.equal(reverted.statusCode, 303);
  assert.equal((await getLieu(db, placeId))!.data.presentation?.resume, 'Aide pour vos démarches en ligne.');
  assert.match((await get(`/lieux/${placeId}/historique`, 'manager')).body, /Annulation d’une modification/);
});

test('a visitor proposes a place: only the coordinators of its territory see it; published after completion', async () => {
  const credentials = await formCredentials(app, '/lieux/proposer');
  const incomplete = await postForm(app, '/lieux/proposer', { nom: 'Espace numérique de la Villeneuve', adresse: '', code_postal: '38100', commune: 'Grenoble' }, credentials);
  assert.equal(incomplete.statusCode, 400);
  assert.match(incomplete.body, /id="adresse-erreur"><p>Le champ obligatoire « adresse » est vide/);
  const sent = await postForm(app, '/lieux/proposer', [
    ['nom', 'Espace numérique de la Villeneuve'], ['adresse', '50 galerie de l’Arlequin'], ['code_postal', '38100'], ['commune', 'Grenoble'],
    ['services', 'Aide aux démarches administratives'], ['frais_a_charge', 'Gratuit'], ['h_We_1_de', '14:00'], ['h_We_1_a', '18:00'], ['message', 'Ouvert depuis septembre.'],
  ], credentials);
  assert.equal(sent.statusCode, 303);

  assert.doesNotMatch((await get('/moderation', 'savoie')).body, /Villeneuve/);
  assert.equal((await get('/moderation', 'manager')).statusCode, 403);
  const queue = await get('/moderation', 'isere');
  const reviewUrl = /href="(\/moderation\/propositions\/[0-9a-f-]+)">Espace numérique de la Villeneuve/.exec(queue.body)![1]!;
  assert.equal((await get(reviewUrl, 'savoie')).statusCode, 404, 'not her territory');
  const review = await get(reviewUrl, 'isere');
  assert.match(review.body, /Ouvert depuis septembre/);
  assert.match(review.body, /id="h_We_1_de" name="h_We_1_de" value="14:00"/);
  const token = /name="_csrf" value="([^"]+)"/.exec(review.body)![1]!;
  const proposed = (await db.query<{ fields: FormFields }>('SELECT fields FROM suggestions'))[0]!.fields;
  const missingPivot = await post(reviewUrl, 'isere', { ...proposed, _csrf: token, kind: 'mediation', status: 'open' });
  assert.equal(missingPivot.statusCode, 400);
  assert.match(missingPivot.body, /id="pivot-erreur"/);
  const published = await post(reviewUrl, 'isere', { ...proposed, _csrf: token, kind: 'mediation', status: 'open', pivot: '21380185500015' });
  assert.equal(published.statusCode, 303);
  const lieu = (await getLieu(db, published.headers.location!.split('/').pop()!))!;
  assert.equal(lieu.data.nom, 'Espace numérique de la Villeneuve');
  assert.equal(lieu.data.horaires, 'We 14:00-18:00');
  assert.equal(lieu.commune_code, '38185');
  assert.match((await get(`/lieux/${lieu.id}`)).body, /Espace numérique de la Villeneuve/);
  const api = JSON.parse((await app.inject({ url: '/api/v1/lieux?q=villeneuve' })).body) as { data: { id: string }[] };
  assert.deepEqual(api.data.map((l) => l.id), [lieu.id], 'published in the API at once');
  assert.doesNotMatch((await get('/moderation', 'isere')).body, /Espace numérique de la Villeneuve/);
});

test('a proposal is rejected only with a reason; a report is closed by the correction made from it', async () => {
  const credentials = await formCredentials(app, '/lieux/proposer');
  await postForm(app, '/lieux/proposer', { nom: 'Lieu en double', adresse: '1 rue de la République', code_postal: '38000', commune: 'Grenoble' }, credentials);
  const [pending] = await db.query<{ id: string }>("SELECT id FROM suggestions WHERE status = 'pending'");
  const token = (await hiddenFields(`/moderation/propositions/${pending!.id}`, 'isere'))._csrf!;
  const noReason = await post(`/moderation/propositions/${pending!.id}/rejeter`, 'isere', { _csrf: token, raison: '' });
  assert.equal(noReason.statusCode, 403);
  assert.match(noReason.body, /Indiquez la raison du rejet/);
  const rejected = await post(`/moderation/propositions/${pending!.id}/rejeter`, 'isere', { _csrf: token, raison: 'Déjà présent sous un autre nom.' });
  assert.equal(rejected.statusCode, 303, rejected.body.slice(rejected.body.indexOf('<main'), rejected.body.indexOf('<main') + 600));
  assert.deepEqual(await db.query('SELECT status, reason FROM suggestions WHERE id = $1', [pending!.id]), [{ status: 'rejected', reason: 'Déjà présent sous un autre nom.' }]);

  const reportForm = await formCredentials(app, `/lieux/${placeId}/signaler`);
  await postForm(app, `/lieux/${placeId}/signaler`, { erreur: 'horaires', message: 'Fermé le lundi matin.' }, reportForm);
  const queue = await get('/moderation', 'isere');
  const fixUrl = /href="(\/lieux\/[^"]+\/modifier\?signalement=\d+)"/.exec(queue.body)![1]!.replaceAll('&amp;', '&');
  const hidden = await hiddenFields(fixUrl, 'isere');
  assert.ok(hidden.signalement);
  const saved = await post(`/lieux/${placeId}/modifier`, 'isere', { ...(await currentFields()), ...hidden, h_Mo_1_de: '', h_Mo_1_a: '' });
  assert.equal(saved.statusCode, 303);
  const [report] = await db.query<{ status: string; change_id: number | null }>('SELECT status, change_id FROM signalements WHERE id = $1', [Number(hidden.signalement)]);
  assert.equal(report!.status, 'accepted');
  assert.ok(report!.change_id);
  assert.doesNotMatch((await get('/moderation', 'isere')).body, /Fermé le lundi matin/);
});
