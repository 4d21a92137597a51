// Owns the history page of a place (/lieux/:id/historique): every change from any path (form,
// moderation, import, merge) with who, when, the source and the fields before and after, for the
// place's managers, the coordinators of its territory and admins; and reverting one change.
import type { FastifyRequest } from 'fastify';
import { html } from '../html.ts';
import { page, sendPage } from '../layout.ts';
import type { PageRoute } from '../page-route.ts';
import { notFoundPage, UNKNOWN_LIEU } from '../error-pages.ts';
import { csrfField, csrfValid, sendCsrfRefused } from '../csrf.ts';
import { frenchDate } from '../format.ts';
import { requireSession } from '../comptes/session-cookie.ts';
import { EditConflict, EditRefused, loadEditable } from '../../contribution/edit-lieu.ts';
import { canSeeHistory, lieuHistory, revertChange } from '../../contribution/history.ts';
import { diffTable } from './diff-view.ts';
import { forbiddenPage, noindex } from '../access.ts';

const ACTIONS: Record<string, string> = {
  'lieu.create': 'Création (import)',
  'lieu.update': 'Mise à jour par import',
  'lieu.edit': 'Modification par formulaire',
  'lieu.revert': 'Annulation d’une modification',
  'lieu.verify': 'Confirmé « toujours à jour »',
  'lieu.moderate': 'Publication par un coordinateur',
  'lieu.merge': 'Fusion d’un doublon dans ce lieu',
  'lieu.merged_into': 'Fusionné dans un autre lieu',
  'lieu.merge.confirm': 'Fusion confirmée',
  'lieu.merge.undo': 'Fusion annulée',
};

const params = (request: FastifyRequest) => request.params as { id: string; change?: string };
const time = (iso: string) => new Date(iso).toLocaleTimeString('fr-FR', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Paris' });

export const historyPages: PageRoute[] = [
  {
    method: 'GET', url: '/lieux/:id/historique',
    handler: async (db, request, reply) => {
      const place = await loadEditable(db, params(request).id);
      if (!place) return sendPage(reply, notFoundPage(UNKNOWN_LIEU), 404);
      const session = await requireSession(db, request, reply);
      if (!session) return reply;
      if (!canSeeHistory(session.user, { lieu: place })) return sendPage(reply, forbiddenPage('L’historique d’un lieu est réservé à ses responsables et aux coordinateurs de son territoire.'), 403);
      const entries = await lieuHistory(db, place.id);
      const csrf = csrfField(request, reply, session);
      const notice = (request.query as Record<string, string>).annule === '1' && html`<p class="notice success" role="status">La modification est annulée.</p>`;
      return sendPage(reply, page({
        title: `Historique de ${place.data.nom}`,
        head: noindex,
        main: html`<h1>Historique de « ${place.data.nom} »</h1>
<p><a href="/lieux/${place.id}">Voir la page publique</a> · <a href="/lieux/${place.id}/modifier">Modifier le lieu</a></p>
${notice}
${entries.length === 0 ? html`<p>Aucune modification enregistrée.</p>` : html`<ol class="history" reversed>${entries.map((e) => html`<li>
<h2>${ACTIONS[e.action] ?? e.action}, le ${frenchDate(e.at)} à ${time(e.at)}</h2>
<p>Par : ${e.who}${e.source && html` · Source : ${e.source}`}</p>
${Object.keys(e.diff).length > 0 && diffTable(e.diff, `Champs modifiés le ${frenchDate(e.at)}`)}
${e.revertible && html`<form method="post" action="/lieux/${place.id}/historique/${e.id}/annuler">
${csrf}<input type="hidden" name="revision" value="${place.revision}">
<button class="button secondary" type="submit">Annuler cette modification</button>
</form>`}
</li>`)}</ol>`}`,
      }));
    },
  },
  {
    method: 'POST', url: '/lieux/:id/historique/:change/annuler',
    handler: async (db, request, reply) => {
      const { id, change } = params(request);
      const place = await loadEditable(db, id);
      if (!place) return sendPage(reply, notFoundPage(UNKNOWN_LIEU), 404);
      const session = await requireSession(db, request, reply);
      if (!session) return reply;
      if (!csrfValid(request, session)) return sendCsrfRefused(reply);
      const revision = Number((request.body as Record<string, unknown> | undefined)?.revision);
      try {
        await revertChange(db, session.user, place.id, Number(change), revision);
      } catch (error) {
        if (!(error instanceof EditRefused || error instanceof EditConflict)) throw error;
        const message = error instanceof EditConflict ? 'Le lieu a été modifié depuis que vous avez ouvert l’historique : rechargez la page et recommencez.' : error.message;
        return sendPage(reply, page({
          title: 'Annulation impossible', head: noindex,
          main: html`<h1>Annulation impossible</h1><p class="notice warning" role="alert">${message}</p><p><a href="/lieux/${place.id}/historique">Revenir à l’historique</a></p>`,
        }), error instanceof EditConflict ? 409 : 403);
      }
      return reply.redirect(`/lieux/${place.id}/historique?annule=1`, 303);
    },
  },
];
