// Owns signing in and out: the e-mail form (/connexion), the one-time link it sends, the page
// the link opens (a button to press: mail scanners that follow links do not sign anyone in),
// signing out of this device or of every device. The answer to the form is the same whether an
// account exists or not, so the form tells no one who has an account.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db.ts';
import { html, type SafeHtml } from '../html.ts';
import { page, sendPage } from '../layout.ts';
import type { PageRoute, WebDeps } from '../page-route.ts';
import { csrfField, csrfValid, sendCsrfRefused } from '../csrf.ts';
import { publicBase } from '../public-url.ts';
import { isEmail, normalizeEmail, userForEmail } from '../../comptes/users.ts';
import { consumeLoginToken, createLoginToken, LINK_MINUTES, type LinkProblem } from '../../comptes/login-links.ts';
import { closeAllSessions, closeSession, openSession } from '../../comptes/sessions.ts';
import { clearSessionCookie, currentSession, SESSION_COOKIE, setSessionCookie } from './session-cookie.ts';
import { loginMail } from './login-mail.ts';
import { loginAllowed } from './login-limits.ts';

const noindex = html`<meta name="robots" content="noindex">`;

function loginForm(request: FastifyRequest, reply: FastifyReply, values: { email: string; error?: string }): SafeHtml {
  return page({
    title: 'Se connecter',
    head: noindex,
    main: html`<h1>Se connecter à l’espace des professionnels</h1>
<p>Pour les personnes qui s’occupent d’un lieu, et pour les coordinateurs de territoire. Pas besoin de mot de passe : nous vous envoyons un lien par courriel.</p>
<form method="post" action="/connexion" novalidate>
${csrfField(request, reply)}
<div class="field${values.error && html` has-error`}">
<label for="email">Votre adresse e-mail</label>
<span class="hint" id="email-aide">Par exemple : prenom.nom@mairie-echirolles.fr</span>
${values.error && html`<p class="error" id="email-erreur">${values.error}</p>`}
<input type="text" inputmode="email" autocomplete="email" id="email" name="email" value="${values.email}" aria-describedby="${values.error ? 'email-erreur email-aide' : 'email-aide'}"${values.error && html` aria-invalid="true"`} spellcheck="false">
</div>
<button class="button" type="submit">Recevoir le lien de connexion</button>
</form>
<p>Nous gardons seulement votre nom et votre adresse e-mail. <a href="/donnees-personnelles">Vos données personnelles</a>.</p>`,
  });
}

const LINK_PROBLEMS: Record<LinkProblem, string> = {
  unknown: 'Ce lien de connexion n’est pas valable.',
  used: 'Ce lien de connexion a déjà servi : chaque lien ne marche qu’une fois.',
  expired: `Ce lien de connexion est trop ancien : il ne marche que ${LINK_MINUTES} minutes.`,
};

function linkProblemPage(problem: LinkProblem): SafeHtml {
  return page({
    title: 'Lien de connexion',
    head: noindex,
    main: html`<h1>Ce lien ne marche plus</h1>
<p class="notice warning">${LINK_PROBLEMS[problem]}</p>
<p><a href="/connexion">Demander un nouveau lien</a></p>`,
  });
}

export const loginPages: PageRoute[] = [
  {
    method: 'GET', url: '/connexion',
    handler: async (_db, request, reply) => sendPage(reply, loginForm(request, reply, { email: '' })),
  },
  {
    method: 'POST', url: '/connexion',
    handler: async (db, request, reply, deps) => {
      if (!csrfValid(request)) return sendCsrfRefused(reply);
      const email = String((request.body as Record<string, unknown>)?.email ?? '').trim();
      if (!isEmail(email)) {
        return sendPage(reply, loginForm(request, reply, { email, error: 'Écrivez une adresse e-mail complète, par exemple : prenom.nom@exemple.fr' }), 400);
      }
      if (!(await loginAllowed(db, request, reply, normalizeEmail(email)))) return reply;
      const token = await createLoginToken(db, email);
      await sendLoginMail(deps, normalizeEmail(email), `${publicBase(request)}/connexion/lien?jeton=${token}`);
      return reply.redirect('/connexion/envoye', 303);
    },
  },
  {
    method: 'GET', url: '/connexion/envoye',
    handler: async (_db, _request, reply) => sendPage(reply, page({
      title: 'Lien envoyé',
      head: noindex,
      main: html`<h1>Regardez vos courriels</h1>
<p class="notice success" role="status">Si cette adresse peut se connecter, un courriel vient de lui être envoyé avec un lien de connexion.</p>
<p>Le lien marche une seule fois, pendant ${LINK_MINUTES} minutes. Vous ne le trouvez pas ? Regardez dans les courriels indésirables, ou <a href="/connexion">demandez un nouveau lien</a>.</p>`,
    })),
  },
  {
    method: 'GET', url: '/connexion/lien',
    handler: async (_db, request, reply) => {
      const token = String((request.query as Record<string, unknown>).jeton ?? '');
      return sendPage(reply, page({
        title: 'Se connecter',
        head: noindex,
        main: html`<h1>Se connecter</h1>
<p>Appuyez sur le bouton pour ouvrir votre espace.</p>
<form method="post" action="/connexion/lien">
${csrfField(request, reply)}
<input type="hidden" name="jeton" value="${token}">
<button class="button" type="submit">Ouvrir mon espace</button>
</form>`,
      }));
    },
  },
  {
    method: 'POST', url: '/connexion/lien',
    handler: async (db, request, reply) => {
      if (!csrfValid(request)) return sendCsrfRefused(reply);
      const token = String((request.body as Record<string, unknown>)?.jeton ?? '');
      const used = await consumeLoginToken(db, token);
      if ('problem' in used) return sendPage(reply, linkProblemPage(used.problem), 400);
      const user = await userForEmail(db, used.email);
      setSessionCookie(request, reply, await openSession(db, user.id));
      return reply.redirect('/compte', 303);
    },
  },
  {
    method: 'POST', url: '/deconnexion',
    handler: async (db, request, reply) => signOut(db, request, reply, 'this'),
  },
  {
    method: 'POST', url: '/deconnexion/partout',
    handler: async (db, request, reply) => signOut(db, request, reply, 'everywhere'),
  },
];

async function signOut(db: Db, request: FastifyRequest, reply: FastifyReply, where: 'this' | 'everywhere') {
  const session = await currentSession(db, request);
  if (!session) return reply.redirect('/connexion', 303);
  if (!csrfValid(request, session)) return sendCsrfRefused(reply);
  if (where === 'everywhere') await closeAllSessions(db, session.user.id);
  else await closeSession(db, request.cookies[SESSION_COOKIE]!);
  clearSessionCookie(request, reply);
  return sendPage(reply, page({
    title: 'Vous êtes déconnecté',
    main: html`<h1>Vous êtes déconnecté</h1>
<p class="notice success" role="status">${where === 'everywhere' ? 'Vous êtes déconnecté sur tous vos appareils.' : 'Vous êtes déconnecté sur cet appareil.'}</p>
<p><a href="/connexion">Se connecter à nouveau</a></p>`,
  }));
}

async function sendLoginMail(deps: WebDeps, email: string, url: string): Promise<void> {
  if (!deps.mailer) throw new Error('No mailer configured: buildServer gives one by default.');
  await deps.mailer.send({ to: email, ...loginMail(url) });
}
