// Owns the pages of claims: a signed-in person asks to manage a place (/lieux/:id/gerer), and a
// coordinator sees and decides the pending requests of her territories (/moderation/demandes).
// Permissions are checked on the server for every action (comptes/permissions.ts).
import type { FastifyRequest } from 'fastify';
import { html } from '../html.ts';
import { page, sendPage } from '../layout.ts';
import type { PageRoute } from '../page-route.ts';
import { notFoundPage, UNKNOWN_LIEU } from '../error-pages.ts';
import { csrfField, csrfValid, sendCsrfRefused } from '../csrf.ts';
import { frenchDate } from '../format.ts';
import { getLieu } from '../../lieux/store/read-lieux.ts';
import { ClaimRefused, decideClaim, pendingClaimsFor, requestClaim } from '../../comptes/claims.ts';
import { requireCoordinator, requireSession } from './session-cookie.ts';
import { forbiddenPage, noindex } from '../access.ts';

const lieuId = (request: FastifyRequest) => (request.params as { id: string }).id;

export const claimPages: PageRoute[] = [
  {
    method: 'GET', url: '/lieux/:id/gerer',
    handler: async (db, request, reply) => {
      const lieu = await getLieu(db, lieuId(request));
      if (!lieu || lieu.merged_into) return sendPage(reply, notFoundPage(UNKNOWN_LIEU), 404);
      const session = await requireSession(db, request, reply);
      if (!session) return reply;
      return sendPage(reply, page({
        title: `Gérer ${lieu.data.nom}`,
        head: noindex,
        main: html`<h1>Gérer ce lieu</h1>
<p>Lieu : <a href="/lieux/${lieu.id}">${lieu.data.nom}</a></p>
${session.user.lieux.includes(lieu.id) ? html`<p class="notice success">Vous gérez déjà ce lieu.</p>` : html`<p>Si votre adresse e-mail est celle de la structure du lieu (même nom de domaine que son site ou son courriel), vous pourrez le gérer tout de suite. Sinon, un coordinateur du territoire vérifiera votre demande.</p>
<form method="post" action="/lieux/${lieu.id}/gerer">
${csrfField(request, reply, session)}
<button class="button" type="submit">Demander à gérer ce lieu</button>
</form>`}`,
      }));
    },
  },
  {
    method: 'POST', url: '/lieux/:id/gerer',
    handler: async (db, request, reply) => {
      const lieu = await getLieu(db, lieuId(request));
      if (!lieu || lieu.merged_into) return sendPage(reply, notFoundPage(UNKNOWN_LIEU), 404);
      const session = await requireSession(db, request, reply);
      if (!session) return reply;
      if (!csrfValid(request, session)) return sendCsrfRefused(reply);
      const outcome = await requestClaim(db, session.user, lieu);
      const message = outcome === 'pending'
        ? 'Votre demande est envoyée. Un coordinateur du territoire va la vérifier.'
        : 'Vous gérez maintenant ce lieu.';
      return sendPage(reply, page({
        title: 'Demande de gestion',
        head: noindex,
        main: html`<h1>${outcome === 'pending' ? 'Demande envoyée' : 'Vous gérez ce lieu'}</h1>
<p class="notice success" role="status">${message}</p>
<p><a href="/lieux/${lieu.id}">Revenir à la page du lieu</a> · <a href="/compte">Mon compte</a></p>`,
      }));
    },
  },
  {
    method: 'GET', url: '/moderation/demandes',
    handler: async (db, request, reply) => {
      const session = await requireCoordinator(db, request, reply, COORDINATORS_ONLY);
      if (!session) return reply;
      const claims = await pendingClaimsFor(db, session.user);
      const csrf = csrfField(request, reply, session);
      return sendPage(reply, page({
        title: 'Demandes de gestion',
        head: noindex,
        main: html`<h1>Demandes de gestion de lieux</h1>
${claims.length === 0 ? html`<p>Aucune demande en attente sur vos territoires.</p>` : html`<ul class="results">${claims.map((c, i) => html`<li>
<h2 id="demande-${i}"><a href="/lieux/${c.lieu_id}">${c.lieu_nom}</a></h2>
<p>Demandé par ${c.name || c.email} (${c.email}), le ${frenchDate(c.created_at)}.</p>
<form method="post" action="/moderation/demandes/${c.id}" aria-labelledby="demande-${i}">
${csrf}
<div class="field"><label for="raison-${i}">Raison (si vous refusez)</label><input type="text" id="raison-${i}" name="raison" maxlength="500"></div>
<button class="button" type="submit" name="decision" value="accepter">Accepter</button>
<button class="button secondary" type="submit" name="decision" value="refuser">Refuser</button>
</form>
</li>`)}</ul>`}`,
      }));
    },
  },
  {
    method: 'POST', url: '/moderation/demandes/:id',
    handler: async (db, request, reply) => {
      const session = await requireSession(db, request, reply);
      if (!session) return reply;
      if (!csrfValid(request, session)) return sendCsrfRefused(reply);
      const body = (request.body ?? {}) as Record<string, unknown>;
      try {
        await decideClaim(db, session.user, (request.params as { id: string }).id, { accept: body.decision === 'accepter', reason: String(body.raison ?? '') });
      } catch (error) {
        if (error instanceof ClaimRefused) return sendPage(reply, forbiddenPage(error.message), 403);
        throw error;
      }
      return reply.redirect('/moderation/demandes', 303);
    },
  },
];

const COORDINATORS_ONLY = 'Cette page est réservée aux coordinateurs de territoire et aux administrateurs.';
