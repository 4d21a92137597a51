// Owns the page a freshness reminder links to (/verification/:token): what the place shows now
// (name, address, hours) and one button "still correct". Opening the link changes nothing (mail
// scanners fetch links before people do): only the button's POST uses the link, once. No sign-in:
// the link is the proof, and the save is still checked like any edit (the person must manage the
// place). The token is in the address, so these pages are not indexed, cached or sent as referrer.
import type { FastifyReply } from 'fastify';
import { html, type SafeHtml } from '../html.ts';
import { page, sendPage } from '../layout.ts';
import type { PageRoute } from '../page-route.ts';
import { csrfField, csrfValid, sendCsrfRefused } from '../csrf.ts';
import { displayPhone, frenchDate } from '../format.ts';
import { openingHoursLines } from '../lieu/opening-hours-text.ts';
import { getLieu } from '../../lieux/store/read-lieux.ts';
import { confirmStillCorrect, LINK_DAYS, reminderForToken, type ReminderProblem } from '../../contribution/reminders.ts';
import { now } from '../../platform/clock.ts';

const head = html`<meta name="robots" content="noindex">`;

function send(reply: FastifyReply, document: SafeHtml, status = 200): FastifyReply {
  reply.header('Cache-Control', 'no-store').header('Referrer-Policy', 'no-referrer');
  return sendPage(reply, document, status);
}

const PROBLEMS: Record<ReminderProblem, { status: number; text: string }> = {
  unknown: { status: 404, text: 'Ce lien de vérification n’est pas valable. Vérifiez qu’il a été copié en entier.' },
  used: { status: 410, text: 'Ce lien de vérification a déjà servi : chaque lien ne marche qu’une fois.' },
  expired: { status: 410, text: `Ce lien de vérification est trop ancien : il ne marche que ${LINK_DAYS} jours.` },
};

function problemPage(reply: FastifyReply, title: string, text: string, status: number, lieuId?: string): FastifyReply {
  return send(reply, page({
    title, head,
    main: html`<h1>${title}</h1>
<p class="notice warning">${text}</p>
${lieuId && html`<p><a href="/lieux/${lieuId}">Voir la fiche du lieu</a> · <a href="/lieux/${lieuId}/modifier">Modifier le lieu</a> (après connexion)</p>`}
<p><a href="/connexion">Se connecter à l’espace des professionnels</a></p>`,
  }), status);
}

const linkProblem = (reply: FastifyReply, problem: ReminderProblem, lieuId?: string) =>
  problemPage(reply, 'Ce lien ne marche plus', PROBLEMS[problem].text, PROBLEMS[problem].status, lieuId);

const tokenOf = (params: unknown) => (params as { token: string }).token;

export const verifyPages: PageRoute[] = [
  {
    method: 'GET', url: '/verification/:token',
    handler: async (db, request, reply) => {
      const token = tokenOf(request.params);
      const link = await reminderForToken(db, token, now());
      if (link.problem) return linkProblem(reply, link.problem, 'lieuId' in link ? link.lieuId : undefined);
      const lieu = await getLieu(db, link.lieuId);
      if (!lieu || lieu.merged_into) return problemPage(reply, 'Ce lieu n’est plus dans Passerelle', 'Ce lieu a été fusionné avec un autre ou n’est plus dans Passerelle : il n’y a rien à vérifier.', 410);
      const { nom, adresse, contact, horaires } = lieu.data;
      const hours = horaires ? openingHoursLines(horaires) : [];
      return send(reply, page({
        title: 'Vérifier les informations du lieu', head,
        main: html`<h1>Les informations de ce lieu sont-elles toujours à jour ?</h1>
<p>Voici ce que voient les personnes qui cherchent ce lieu dans Passerelle.</p>
<section aria-labelledby="lieu-nom">
<h2 id="lieu-nom">${nom}</h2>
<dl class="details">
<dt>Adresse</dt>
<dd>${adresse.voie}<br>${adresse.complement_adresse && html`${adresse.complement_adresse}<br>`}${adresse.code_postal} ${lieu.commune_nom ?? adresse.commune}</dd>
${contact?.telephone && html`<dt>Téléphone</dt><dd>${displayPhone(contact.telephone)}</dd>`}
<dt>Horaires</dt>
<dd>${hours.length > 0 ? html`<ul>${hours.map((line) => html`<li>${line}</li>`)}</ul>` : 'Non renseignés'}</dd>
</dl>
<p><a href="/lieux/${lieu.id}">Voir toute la fiche publique du lieu</a></p>
</section>
<form method="post" action="/verification/${token}">
${csrfField(request, reply)}
<button class="button" type="submit">Oui, ces informations sont toujours correctes</button>
</form>
<p><a href="/lieux/${lieu.id}/modifier">Non, je les corrige</a></p>`,
      }));
    },
  },
  {
    method: 'POST', url: '/verification/:token',
    handler: async (db, request, reply) => {
      if (!csrfValid(request)) return sendCsrfRefused(reply);
      const result = await confirmStillCorrect(db, tokenOf(request.params), now());
      if (result.verified) {
        return send(reply, page({
          title: 'Lieu vérifié', head,
          main: html`<h1>Merci</h1>
<p class="notice success" role="status">Merci : le lieu est marqué vérifié le ${frenchDate(result.at.toISOString())}.</p>
<p>Les personnes qui le cherchent voient maintenant que ses informations sont à jour. Nous vous écrirons de nouveau s’il n’est pas confirmé d’ici quelques mois.</p>
<p><a href="/lieux/${result.lieuId}">Voir la fiche du lieu</a></p>`,
        }));
      }
      if (result.problem === 'gone') return problemPage(reply, 'Ce lieu n’est plus dans Passerelle', result.message, 410);
      if (result.problem === 'refused') return problemPage(reply, 'Vous ne gérez plus ce lieu', `${result.message} Le lieu n’a pas été marqué vérifié.`, 403);
      return linkProblem(reply, result.problem, result.lieuId);
    },
  },
];
