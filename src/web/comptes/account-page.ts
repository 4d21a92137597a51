// Owns the account page (/compte): who is signed in, their role, territories and places, their
// name (the only thing kept besides the e-mail address), signing out (here or everywhere) and
// deleting the account.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { frenchDate } from '../format.ts';
import { html, type SafeHtml } from '../html.ts';
import { page, sendPage } from '../layout.ts';
import type { PageRoute } from '../page-route.ts';
import { csrfField, csrfValid, sendCsrfRefused } from '../csrf.ts';
import { ROLES, deleteUser, setName } from '../../comptes/users.ts';
import type { Session } from '../../comptes/sessions.ts';
import { getLieu } from '../../lieux/store/read-lieux.ts';
import type { Db } from '../../platform/db.ts';
import { clearSessionCookie, currentSession, requireSession } from './session-cookie.ts';

const LEVELS = { commune: 'Commune', epci: 'Intercommunalité (EPCI)', departement: 'Département', region: 'Région' } as const;

async function accountView(db: Db, request: FastifyRequest, reply: FastifyReply, session: Session, notice?: string): Promise<SafeHtml> {
  const { user } = session;
  const lieux = (await Promise.all(user.lieux.map((id) => getLieu(db, id)))).filter((l) => l !== undefined);
  const csrf = csrfField(request, reply, session);
  return page({
    title: 'Mon compte',
    head: html`<meta name="robots" content="noindex">`,
    main: html`<h1>Mon compte</h1>
${notice && html`<p class="notice success" role="status">${notice}</p>`}
<dl class="details">
<dt>Adresse e-mail</dt><dd>${user.email}</dd>
<dt>Rôle</dt><dd>${ROLES[user.role]}</dd>
${user.territories.length > 0 && html`<dt>Territoires</dt>${user.territories.map((t) => html`<dd>${LEVELS[t.level]} ${t.code}</dd>`)}`}
</dl>
${user.role !== 'manager' && html`<h2>Mes territoires</h2>
<ul>
<li><a href="/moderation">Modération : propositions de lieux et signalements d’erreurs</a></li>
<li><a href="/moderation/demandes">Demandes de gestion de lieux</a></li>
<li><a href="/tableau-de-bord">Tableau de bord : lieux à vérifier, sans responsable ou signalés</a></li>
</ul>`}
<h2>Mes lieux</h2>
${lieux.length > 0 ? html`<ul>${lieux.map((l) => html`<li><a href="/lieux/${l.id}">${l.data.nom}</a> · <a href="/lieux/${l.id}/modifier" aria-label="Modifier ${l.data.nom}">Modifier</a> · <a href="/lieux/${l.id}/historique" aria-label="Historique de ${l.data.nom}">Historique</a> · ${l.data.verified_at ? `vérifié le ${frenchDate(l.data.verified_at)}` : 'jamais vérifié'}</li>`)}</ul>`
    : html`<p>Vous ne gérez encore aucun lieu. Pour gérer un lieu, ouvrez sa page et demandez à le gérer.</p>`}
<h2>Mon nom</h2>
<form method="post" action="/compte/nom">
${csrf}
<div class="field">
<label for="nom">Prénom et nom</label>
<span class="hint" id="nom-aide">Il est montré aux coordinateurs de votre territoire, pas au public.</span>
<input type="text" id="nom" name="nom" value="${user.name}" autocomplete="name" aria-describedby="nom-aide" maxlength="120">
</div>
<button class="button" type="submit">Enregistrer mon nom</button>
</form>
<h2>Me déconnecter</h2>
<form method="post" action="/deconnexion" class="inline-form">${csrf}<button class="button secondary" type="submit">Me déconnecter</button></form>
<form method="post" action="/deconnexion/partout" class="inline-form">${csrf}<button class="button secondary" type="submit">Me déconnecter sur tous mes appareils</button></form>
<h2>Supprimer mon compte</h2>
<p>Votre nom, votre adresse e-mail et vos droits sont effacés. Les lieux restent dans Passerelle.</p>
<form method="post" action="/compte/supprimer">
${csrf}
<div class="choice field">
<input type="checkbox" id="confirmer" name="confirmer" value="oui" required>
<label for="confirmer">Je veux supprimer mon compte</label>
</div>
<button class="button secondary" type="submit">Supprimer mon compte</button>
</form>`,
  });
}

export const accountPages: PageRoute[] = [
  {
    method: 'GET', url: '/compte',
    handler: async (db, request, reply) => {
      const session = await requireSession(db, request, reply);
      if (!session) return reply;
      return sendPage(reply, await accountView(db, request, reply, session));
    },
  },
  {
    method: 'POST', url: '/compte/nom',
    handler: async (db, request, reply) => {
      const session = await requireSession(db, request, reply);
      if (!session) return reply;
      if (!csrfValid(request, session)) return sendCsrfRefused(reply);
      await setName(db, session.user.id, String((request.body as Record<string, unknown>)?.nom ?? ''));
      const updated = (await currentSession(db, request))!;
      return sendPage(reply, await accountView(db, request, reply, updated, 'Votre nom est enregistré.'));
    },
  },
  {
    method: 'POST', url: '/compte/supprimer',
    handler: async (db, request, reply) => {
      const session = await requireSession(db, request, reply);
      if (!session) return reply;
      if (!csrfValid(request, session)) return sendCsrfRefused(reply);
      if ((request.body as Record<string, unknown>)?.confirmer !== 'oui') {
        return sendPage(reply, await accountView(db, request, reply, session, 'Cochez « Je veux supprimer mon compte » pour confirmer.'), 400);
      }
      await deleteUser(db, session.user.id);
      clearSessionCookie(request, reply);
      return sendPage(reply, page({
        title: 'Compte supprimé',
        main: html`<h1>Votre compte est supprimé</h1>
<p class="notice success" role="status">Votre nom, votre adresse e-mail et vos droits sont effacés.</p>
<p><a href="/">Revenir à l’accueil</a></p>`,
      }));
    },
  },
];
