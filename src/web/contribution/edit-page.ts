// Owns the editing page of a place (/lieux/:id/modifier): its managers, the coordinators of its
// territory and admins change any field; the save is published at once. A save made on an
// outdated version is refused (409) with what the other person changed, and the form keeps what
// this person typed. Opened from a report (?signalement=N), saving also closes the report.
import type { FastifyRequest } from 'fastify';
import { html, type SafeHtml } from '../html.ts';
import { firstValue } from '../form-values.ts';
import { page, sendPage } from '../layout.ts';
import type { PageRoute } from '../page-route.ts';
import { notFoundPage, UNKNOWN_LIEU } from '../error-pages.ts';
import { csrfField, csrfValid, sendCsrfRefused } from '../csrf.ts';
import { frenchDate } from '../format.ts';
import { requireSession } from '../comptes/session-cookie.ts';
import { can } from '../../comptes/permissions.ts';
import type { User } from '../../comptes/users.ts';
import { communeDirectory } from '../../territoires/commune-directory.ts';
import { EditConflict, EditRefused, loadEditable, saveLieu, type EditablePlace } from '../../contribution/edit-lieu.ts';
import { describeActors } from '../../contribution/actors.ts';
import { decideReport, pendingReport, type PendingReport } from '../../contribution/moderation.ts';
import { errorSummary, fieldsFromLieu, lieuFormFields, readLieuForm, type FormErrors, type FormFields } from './lieu-form.ts';
import { diffTable } from './diff-view.ts';
import { forbiddenPage, noindex } from '../access.ts';
import { REPORT_KINDS } from '../signalement/report-kinds.ts';

const lieuId = (request: FastifyRequest) => (request.params as { id: string }).id;

const cannotEdit = (place: EditablePlace) => forbiddenPage(
  'Vous ne pouvez pas modifier ce lieu : il faut en être responsable, ou coordonner son territoire.',
  html`<p><a href="/lieux/${place.id}/gerer">Demander à gérer ce lieu</a> · <a href="/lieux/${place.id}">Revenir au lieu</a></p>`,
);

type FormPage = { place: EditablePlace; fields: FormFields; errors: FormErrors; csrf: SafeHtml; report?: PendingReport; conflict?: SafeHtml };

function editFormPage({ place, fields, errors, csrf, report, conflict }: FormPage): SafeHtml {
  const hasErrors = Object.keys(errors).length > 0;
  return page({
    title: `${hasErrors ? 'Erreur : ' : ''}Modifier ${place.data.nom}`,
    head: noindex,
    main: html`<h1>Modifier « ${place.data.nom} »</h1>
<p><a href="/lieux/${place.id}">Voir la page publique</a> · <a href="/lieux/${place.id}/historique">Historique des modifications</a></p>
${conflict}
${report && html`<div class="notice"><h2>Signalement à traiter</h2><p>${REPORT_KINDS[report.kind as keyof typeof REPORT_KINDS] ?? report.kind}, le ${frenchDate(report.created_at)} : « ${report.message || 'sans précision'} »</p><p>Enregistrer vos corrections clôt ce signalement.</p></div>`}
${errorSummary(errors)}
<p>Vos modifications sont publiées dès l’enregistrement, et gardées dans l’historique du lieu.</p>
<form method="post" action="/lieux/${place.id}/modifier" novalidate>
${csrf}
<input type="hidden" name="revision" value="${place.revision}">
<input type="hidden" name="charge_le" value="${place.loaded_at}">
${report && html`<input type="hidden" name="signalement" value="${report.id}">`}
${lieuFormFields(fields, errors)}
<button class="button" type="submit">Enregistrer et publier</button>
</form>`,
  });
}

async function reportFrom(db: Parameters<PageRoute['handler']>[0], user: User, value: unknown): Promise<PendingReport | undefined> {
  const id = Number(firstValue(value));
  return Number.isInteger(id) && id > 0 ? pendingReport(db, user, id) : undefined;
}

export const editPages: PageRoute[] = [
  {
    method: 'GET', url: '/lieux/:id/modifier',
    handler: async (db, request, reply) => {
      const place = await loadEditable(db, lieuId(request));
      if (!place) return sendPage(reply, notFoundPage(UNKNOWN_LIEU), 404);
      const session = await requireSession(db, request, reply);
      if (!session) return reply;
      if (!can(session.user, 'edit', { lieu: place })) return sendPage(reply, cannotEdit(place), 403);
      const report = await reportFrom(db, session.user, (request.query as Record<string, unknown>).signalement);
      return sendPage(reply, editFormPage({ place, fields: fieldsFromLieu(place.data), errors: {}, csrf: csrfField(request, reply, session), report }));
    },
  },
  {
    method: 'POST', url: '/lieux/:id/modifier',
    handler: async (db, request, reply) => {
      const place = await loadEditable(db, lieuId(request));
      if (!place) return sendPage(reply, notFoundPage(UNKNOWN_LIEU), 404);
      const session = await requireSession(db, request, reply);
      if (!session) return reply;
      if (!csrfValid(request, session)) return sendCsrfRefused(reply);
      if (!can(session.user, 'edit', { lieu: place })) return sendPage(reply, cannotEdit(place), 403);
      const fields = (request.body ?? {}) as FormFields;
      const report = await reportFrom(db, session.user, fields.signalement);
      const csrf = csrfField(request, reply, session);
      const seen = { ...place, revision: Number(firstValue(fields.revision)), loaded_at: firstValue(fields.charge_le) || place.loaded_at };
      const { data, errors } = readLieuForm(fields, place.data, await communeDirectory(db));
      if (!data) return sendPage(reply, editFormPage({ place: seen, fields, errors, csrf, report }), 400);
      try {
        await saveLieu(db, session.user, { lieuId: place.id, expectedRevision: seen.revision, loadedAt: seen.loaded_at, data, action: 'lieu.edit', ...(report && { details: { signalement: report.id } }) });
      } catch (error) {
        if (error instanceof EditRefused) return sendPage(reply, forbiddenPage(error.message), 403);
        if (!(error instanceof EditConflict)) throw error;
        const who = await describeActors(db, error.changes.map((c) => c.actor));
        const conflict = html`<div class="error-summary" role="alert" id="conflit">
<h2>Quelqu’un a modifié ce lieu pendant que vous le modifiiez</h2>
<p>Vos modifications ne sont pas enregistrées, mais elles sont gardées dans le formulaire ci-dessous. Vérifiez ce qui a changé, puis enregistrez à nouveau : votre version remplacera alors la sienne.</p>
${error.changes.length === 0 ? html`<p>Le lieu a été mis à jour depuis que vous avez ouvert ce formulaire.</p>` : error.changes.map((c) => diffTable(c.diff, `Modifié par ${who.get(c.actor) ?? c.actor}, le ${frenchDate(c.at)}`))}
</div>`;
        return sendPage(reply, editFormPage({ place: error.current, fields, errors: {}, csrf, report, conflict }), 409);
      }
      if (report) {
        const [change] = await db.query<{ id: number }>("SELECT id FROM change_log WHERE lieu_id = $1 AND action = 'lieu.edit' ORDER BY id DESC LIMIT 1", [place.id]);
        await decideReport(db, session.user, report.id, { accept: true, changeId: change && Number(change.id) });
      }
      return reply.redirect(`/lieux/${place.id}/modifier/enregistre`, 303);
    },
  },
  {
    method: 'GET', url: '/lieux/:id/modifier/enregistre',
    handler: async (db, request, reply) => {
      const place = await loadEditable(db, lieuId(request));
      if (!place) return sendPage(reply, notFoundPage(UNKNOWN_LIEU), 404);
      return sendPage(reply, page({
        title: 'Modifications publiées',
        head: noindex,
        main: html`<h1>Modifications publiées</h1>
<p class="notice success" role="status">Les informations de « ${place.data.nom} » sont à jour.</p>
<p><a href="/lieux/${place.id}">Voir la page publique</a> · <a href="/lieux/${place.id}/modifier">Modifier encore</a> · <a href="/compte">Mon compte</a></p>`,
      }));
    },
  },
];
