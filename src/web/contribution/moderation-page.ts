// Owns the moderation pages of coordinators and admins: /moderation lists the visitors' error
// reports and proposals of new places of their territories (claims have /moderation/demandes);
// a report is corrected through the edit form, marked handled, or rejected with a reason; a
// proposal is completed in the full place form and published, or rejected with a reason.
import type { FastifyRequest } from 'fastify';
import { html, type SafeHtml } from '../html.ts';
import { firstValue } from '../form-values.ts';
import { page, sendPage } from '../layout.ts';
import type { PageRoute } from '../page-route.ts';
import { notFoundPage } from '../error-pages.ts';
import { csrfField, csrfValid, sendCsrfRefused } from '../csrf.ts';
import { frenchDate } from '../format.ts';
import { requireCoordinator } from '../comptes/session-cookie.ts';
import { communeDirectory } from '../../territoires/commune-directory.ts';
import { EditRefused } from '../../contribution/edit-lieu.ts';
import {
  acceptSuggestion, decideReport, pendingReportsFor, pendingSuggestion, pendingSuggestionsFor, rejectSuggestion, type PendingSuggestion,
} from '../../contribution/moderation.ts';
import { REPORT_KINDS } from '../signalement/report-kinds.ts';
import { errorSummary, lieuFormFields, readLieuForm, type FormErrors, type FormFields } from './lieu-form.ts';
import { forbiddenPage, noindex } from '../access.ts';

const COORDINATORS_ONLY = 'La modération est réservée aux coordinateurs de territoire et aux administrateurs.';
const body = (request: FastifyRequest) => (request.body ?? {}) as Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => firstValue(v).trim();

const refused = (error: unknown, reply: Parameters<PageRoute['handler']>[2]) => {
  if (error instanceof EditRefused) return sendPage(reply, forbiddenPage(error.message, html`<p><a href="/moderation">Revenir à la modération</a></p>`), 403);
  throw error;
};

function reviewPage(suggestion: PendingSuggestion, fields: FormFields, errors: FormErrors, csrf: SafeHtml): SafeHtml {
  return page({
    title: `${Object.keys(errors).length > 0 ? 'Erreur : ' : ''}Proposition : ${one(suggestion.fields.nom)}`,
    head: noindex,
    main: html`<h1>Proposition de lieu : « ${one(suggestion.fields.nom)} »</h1>
<p>Proposée le ${frenchDate(suggestion.created_at)}.${suggestion.message && html` Message : « ${suggestion.message} »`}</p>
<p>Complétez ce qui manque (en particulier le SIRET ou RNA de la structure), puis publiez. Ou rejetez la proposition en disant pourquoi.</p>
${errorSummary(errors)}
<form method="post" action="/moderation/propositions/${suggestion.id}" novalidate>
${csrf}
${lieuFormFields(fields, errors)}
<button class="button" type="submit">Publier ce lieu</button>
</form>
<h2>Rejeter la proposition</h2>
<form method="post" action="/moderation/propositions/${suggestion.id}/rejeter">
${csrf}
<div class="field"><label for="raison">Raison du rejet (obligatoire)</label><input type="text" id="raison" name="raison" maxlength="500" required></div>
<button class="button secondary" type="submit">Rejeter</button>
</form>`,
  });
}

export const moderationPages: PageRoute[] = [
  {
    method: 'GET', url: '/moderation',
    handler: async (db, request, reply) => {
      const session = await requireCoordinator(db, request, reply, COORDINATORS_ONLY);
      if (!session) return reply;
      const [reports, suggestions] = [await pendingReportsFor(db, session.user), await pendingSuggestionsFor(db, session.user)];
      const csrf = csrfField(request, reply, session);
      return sendPage(reply, page({
        title: 'Modération',
        head: noindex,
        main: html`<h1>Modération</h1>
<p><a href="/moderation/demandes">Demandes de gestion de lieux</a> · <a href="/tableau-de-bord">Tableau de bord</a></p>
<h2>Propositions de nouveaux lieux (${suggestions.length})</h2>
${suggestions.length === 0 ? html`<p>Aucune proposition en attente sur vos territoires.</p>` : html`<ul class="results">${suggestions.map((s) => html`<li>
<h3><a href="/moderation/propositions/${s.id}">${one(s.fields.nom)}</a></h3>
<p>${one(s.fields.adresse)}, ${one(s.fields.code_postal)} ${one(s.fields.commune)} · proposé le ${frenchDate(s.created_at)}</p>
</li>`)}</ul>`}
<h2>Signalements d’erreurs (${reports.length})</h2>
${reports.length === 0 ? html`<p>Aucun signalement en attente sur vos territoires.</p>` : html`<ul class="results">${reports.map((r) => html`<li>
<h3 id="signalement-${r.id}"><a href="/lieux/${r.lieu_id}">${r.lieu_nom}</a></h3>
<p>${REPORT_KINDS[r.kind as keyof typeof REPORT_KINDS] ?? r.kind}, le ${frenchDate(r.created_at)}${r.message && html` : « ${r.message} »`}</p>
<p><a class="button" href="/lieux/${r.lieu_id}/modifier?signalement=${r.id}">Corriger le lieu</a></p>
<form method="post" action="/moderation/signalements/${r.id}" aria-labelledby="signalement-${r.id}">
${csrf}
<div class="field"><label for="raison-${r.id}">Raison (obligatoire pour rejeter)</label><input type="text" id="raison-${r.id}" name="raison" maxlength="500"></div>
<button class="button secondary" type="submit" name="decision" value="traite">Déjà corrigé</button>
<button class="button secondary" type="submit" name="decision" value="rejeter">Rejeter</button>
</form>
</li>`)}</ul>`}`,
      }));
    },
  },
  {
    method: 'POST', url: '/moderation/signalements/:id',
    handler: async (db, request, reply) => {
      const session = await requireCoordinator(db, request, reply, COORDINATORS_ONLY);
      if (!session) return reply;
      if (!csrfValid(request, session)) return sendCsrfRefused(reply);
      try {
        await decideReport(db, session.user, Number((request.params as { id: string }).id), { accept: one(body(request).decision) === 'traite', reason: one(body(request).raison) });
      } catch (error) {
        return refused(error, reply);
      }
      return reply.redirect('/moderation', 303);
    },
  },
  {
    method: 'GET', url: '/moderation/propositions/:id',
    handler: async (db, request, reply) => {
      const session = await requireCoordinator(db, request, reply, COORDINATORS_ONLY);
      if (!session) return reply;
      const suggestion = await pendingSuggestion(db, session.user, (request.params as { id: string }).id);
      if (!suggestion) return sendPage(reply, notFoundPage('Cette proposition n’existe pas, est déjà traitée, ou ne concerne pas votre territoire.'), 404);
      return sendPage(reply, reviewPage(suggestion, { kind: 'mediation', status: 'open', ...suggestion.fields }, {}, csrfField(request, reply, session)));
    },
  },
  {
    method: 'POST', url: '/moderation/propositions/:id',
    handler: async (db, request, reply) => {
      const session = await requireCoordinator(db, request, reply, COORDINATORS_ONLY);
      if (!session) return reply;
      if (!csrfValid(request, session)) return sendCsrfRefused(reply);
      const suggestion = await pendingSuggestion(db, session.user, (request.params as { id: string }).id);
      if (!suggestion) return sendPage(reply, notFoundPage('Cette proposition n’existe pas, est déjà traitée, ou ne concerne pas votre territoire.'), 404);
      const fields = body(request) as FormFields;
      const { data, errors } = readLieuForm(fields, { id: `passerelle-${suggestion.id}`, source: 'Passerelle (proposition)' }, await communeDirectory(db));
      if (!data) return sendPage(reply, reviewPage(suggestion, fields, errors, csrfField(request, reply, session)), 400);
      try {
        const lieuId = await acceptSuggestion(db, session.user, suggestion.id, data);
        return reply.redirect(`/lieux/${lieuId}`, 303);
      } catch (error) {
        return refused(error, reply);
      }
    },
  },
  {
    method: 'POST', url: '/moderation/propositions/:id/rejeter',
    handler: async (db, request, reply) => {
      const session = await requireCoordinator(db, request, reply, COORDINATORS_ONLY);
      if (!session) return reply;
      if (!csrfValid(request, session)) return sendCsrfRefused(reply);
      try {
        await rejectSuggestion(db, session.user, (request.params as { id: string }).id, one(body(request).raison));
      } catch (error) {
        return refused(error, reply);
      }
      return reply.redirect('/moderation', 303);
    },
  },
];
