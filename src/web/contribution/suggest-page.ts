// Owns "Proposer un lieu" (/lieux/proposer): a visitor, without an account, tells us about a
// place that is missing. What she typed is checked with the importer's rules for the fields she
// sees, then waits in the moderation queue of the coordinators of its commune (the SIRET and the
// rest are completed by them). No personal data is asked. CSRF and rate limit as for reports.
import { html, type SafeHtml } from '../html.ts';
import { page, sendPage } from '../layout.ts';
import type { PageRoute } from '../page-route.ts';
import { csrfField, csrfValid, sendCsrfRefused } from '../csrf.ts';
import { enforceRateLimit } from '../rate-limited.ts';
import { rateLimitKey } from '../../platform/rate-limit.ts';
import { FRAIS, SERVICES } from '../../lieux/domain/enums.ts';
import { communeDirectory } from '../../territoires/commune-directory.ts';
import { communeResolver } from '../../territoires/resolver.ts';
import { insertSuggestion } from '../../contribution/moderation.ts';
import { SUGGESTION_LIMIT } from '../signalement/report-page.ts';
import { MESSAGE_MAX_LENGTH } from '../signalement/report-kinds.ts';
import { checkboxes, errorSummary, readLieuForm, textArea, textInput, type FormErrors, type FormFields } from './lieu-form.ts';
import { hoursEditor } from './hours-editor.ts';
import { noindex } from '../access.ts';

/** The fields a visitor sees; only they are kept from what is posted. */
export const SUGGESTION_FIELDS = [
  'nom', 'adresse', 'complement_adresse', 'code_postal', 'commune', 'telephone', 'courriels', 'site_web', 'presentation_resume',
  'services', 'frais_a_charge', 'horaires', 'horaires_grille_origine', 'h_PH',
  ...['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'].flatMap((d) => [1, 2].flatMap((r) => [`h_${d}_${r}_de`, `h_${d}_${r}_a`])),
];
const VISIBLE_ERRORS = new Set(SUGGESTION_FIELDS);

function suggestFormPage(fields: FormFields, errors: FormErrors, csrf: SafeHtml): SafeHtml {
  const hasErrors = Object.keys(errors).length > 0;
  return page({
    title: `${hasErrors ? 'Erreur : ' : ''}Proposer un lieu`,
    head: noindex,
    main: html`<h1>Proposer un lieu qui manque</h1>
<p>Vous connaissez un lieu qui aide pour le numérique et qui n’est pas dans Passerelle ? Décrivez-le : un coordinateur du territoire vérifiera et le publiera.</p>
<p><strong>N’écrivez pas d’informations personnelles</strong> sur vous : nous ne vous en demandons pas.</p>
${errorSummary(errors)}
<form method="post" action="/lieux/proposer" novalidate>
${csrf}
${textInput(fields, errors, 'nom', 'Nom du lieu (obligatoire)')}
${textInput(fields, errors, 'adresse', 'Adresse (numéro et voie, obligatoire)')}
${textInput(fields, errors, 'complement_adresse', 'Complément d’adresse')}
${textInput(fields, errors, 'code_postal', 'Code postal (obligatoire)')}
${textInput(fields, errors, 'commune', 'Commune (obligatoire)')}
${textInput(fields, errors, 'telephone', 'Téléphone du lieu', undefined, 'tel')}
${textArea(fields, errors, 'courriels', 'Adresse e-mail du lieu', 'Une par ligne.', 1)}
${textArea(fields, errors, 'site_web', 'Site web du lieu', 'Commence par https://.', 1)}
${checkboxes(fields, errors, 'services', 'Ce que le lieu propose', SERVICES)}
${checkboxes(fields, errors, 'frais_a_charge', 'Coût pour la personne', FRAIS)}
${hoursEditor(fields, errors.horaires)}
${textArea(fields, errors, 'presentation_resume', 'En quelques mots', 'Ce que le lieu fait, pour qui.', 3)}
${textArea(fields, errors, 'message', 'Un mot pour le coordinateur', `Facultatif. ${MESSAGE_MAX_LENGTH.toLocaleString('fr-FR')} caractères au plus.`, 3)}
<button class="button" type="submit">Envoyer la proposition</button>
</form>`,
  });
}

export const suggestPages: PageRoute[] = [
  {
    method: 'GET', url: '/lieux/proposer',
    handler: async (_db, request, reply) => sendPage(reply, suggestFormPage({}, {}, csrfField(request, reply))),
  },
  {
    method: 'POST', url: '/lieux/proposer',
    handler: async (db, request, reply) => {
      if (!csrfValid(request)) return sendCsrfRefused(reply);
      const body = (request.body ?? {}) as FormFields;
      const fields: FormFields = Object.fromEntries(SUGGESTION_FIELDS.filter((f) => body[f] !== undefined).map((f) => [f, body[f]]));
      const message = String((Array.isArray(body.message) ? body.message[0] : body.message) ?? '').trim();
      // Checked with the importer's rules; the SIRET is the coordinator's to find, so a stand-in passes that rule here.
      const { errors: all } = readLieuForm({ ...fields, pivot: '00000000000000' }, { id: 'proposition' }, await communeDirectory(db));
      const errors: FormErrors = Object.fromEntries(Object.entries(all).filter(([f]) => VISIBLE_ERRORS.has(f)));
      if (message.length > MESSAGE_MAX_LENGTH) errors.message = [`Votre texte est trop long : ${message.length} caractères. Écrivez ${MESSAGE_MAX_LENGTH} caractères au plus.`];
      const commune = Object.keys(errors).length === 0
        ? (await communeResolver(db)).resolve({ code_postal: String(fields.code_postal), commune: String(fields.commune) })
        : undefined;
      if (Object.keys(errors).length === 0 && !commune) errors.commune = [`Nous ne trouvons pas la commune « ${String(fields.commune)} » avec le code postal ${String(fields.code_postal)} : vérifiez-les.`];
      if (Object.keys(errors).length > 0) return sendPage(reply, suggestFormPage({ ...fields, message }, errors, csrfField(request, reply)), 400);
      if (!(await enforceRateLimit(db, reply, { key: rateLimitKey('suggestion:ip', request.ip), ...SUGGESTION_LIMIT }))) return reply;
      await insertSuggestion(db, fields, message, commune);
      return reply.redirect('/lieux/proposer/merci', 303);
    },
  },
  {
    method: 'GET', url: '/lieux/proposer/merci',
    handler: async (_db, _request, reply) => sendPage(reply, page({
      title: 'Merci pour votre proposition',
      head: noindex,
      main: html`<h1>Merci pour votre proposition</h1>
<p class="notice success" role="status">Votre proposition est bien envoyée.</p>
<p>Un coordinateur du territoire va la vérifier. Le lieu apparaîtra dans la recherche dès qu’il sera publié.</p>
<p><a href="/">Revenir à la recherche</a></p>`,
    })),
  },
];
