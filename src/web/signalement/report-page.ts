// Owns the "report an error" pages of a place: the form, its validation (messages next to the
// fields, the text kept), the stored report and the thank-you page (POST → 303 → GET, so a
// reload never sends the report twice).
//
// The form carries a CSRF token (web/csrf.ts) and reports are limited per network address
// (SUGGESTION_LIMIT, counted in the database): the queue of the moderators cannot be flooded.
import type { FastifyRequest } from 'fastify';
import { getLieu, type LieuDetail } from '../../lieux/store/read-lieux.ts';
import { firstValue } from '../form-values.ts';
import { html, type SafeHtml } from '../html.ts';
import { page, sendPage } from '../layout.ts';
import { notFoundPage, UNKNOWN_LIEU } from '../error-pages.ts';
import type { PageRoute } from '../page-route.ts';
import { MESSAGE_MAX_LENGTH, REPORT_KINDS, isReportKind, type ReportKind } from './report-kinds.ts';
import { insertReport } from '../../contribution/moderation.ts';
import { csrfField, csrfValid, sendCsrfRefused } from '../csrf.ts';
import { enforceRateLimit } from '../rate-limited.ts';
import { rateLimitKey } from '../../platform/rate-limit.ts';

/** Reports accepted from one network address: enough for a whole office, not for a robot. */
export const SUGGESTION_LIMIT = { limit: 20, windowSeconds: 3600 };

type FormValues = { erreur?: string; message: string };
type FormErrors = { erreur?: string; message?: string };

const lieuId = (request: FastifyRequest) => (request.params as { id: string }).id;

export const reportPages: PageRoute[] = [
  {
    method: 'GET',
    url: '/lieux/:id/signaler',
    handler: async (db, request, reply) => {
      const lieu = await getLieu(db, lieuId(request));
      if (!lieu) return sendPage(reply, notFoundPage(UNKNOWN_LIEU), 404);
      if (lieu.merged_into) return reply.redirect(`/lieux/${lieu.merged_into}/signaler`, 301);
      return sendPage(reply, reportFormPage(lieu, { message: '' }, {}, csrfField(request, reply)));
    },
  },
  {
    method: 'POST',
    url: '/lieux/:id/signaler',
    handler: async (db, request, reply) => {
      const lieu = await getLieu(db, lieuId(request));
      if (!lieu) return sendPage(reply, notFoundPage(UNKNOWN_LIEU), 404);
      if (!csrfValid(request)) return sendCsrfRefused(reply);
      const values = readForm(request.body);
      const errors = validate(values);
      if (errors.erreur || errors.message) return sendPage(reply, reportFormPage(lieu, values, errors, csrfField(request, reply)), 400);
      if (!(await enforceRateLimit(db, reply, { key: rateLimitKey('suggestion:ip', request.ip), ...SUGGESTION_LIMIT }))) return reply;
      const target = lieu.merged_into ?? lieu.id;
      await insertReport(db, { lieuId: target, kind: values.erreur as ReportKind, message: values.message });
      return reply.redirect(`/lieux/${target}/signaler/merci`, 303);
    },
  },
  {
    method: 'GET',
    url: '/lieux/:id/signaler/merci',
    handler: async (db, request, reply) => {
      const lieu = await getLieu(db, lieuId(request));
      if (!lieu) return sendPage(reply, notFoundPage(UNKNOWN_LIEU), 404);
      return sendPage(reply, page({
        title: 'Merci pour votre signalement',
        head: html`<meta name="robots" content="noindex">`,
        main: html`<h1>Merci pour votre signalement</h1>
<p class="notice success">Votre message est bien envoyé.</p>
<p>Une personne de l’équipe va vérifier les informations de ce lieu et les corriger si besoin.</p>
<p><a href="/lieux/${lieu.id}">Revenir à la page de « ${lieu.data.nom} »</a></p>`,
      }));
    },
  },
];

function readForm(body: unknown): FormValues {
  const fields = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const erreur = fields.erreur === undefined ? undefined : firstValue(fields.erreur);
  return {
    ...(erreur !== undefined && { erreur }),
    // Browsers send line breaks as CR LF but count them as one character for maxlength.
    // eslint-disable-next-line no-control-regex
    message: firstValue(fields.message).replace(/\r\n?/g, '\n').replace(/\u0000/g, '').trim(),
  };
}

function validate(values: FormValues): FormErrors {
  const errors: FormErrors = {};
  if (!isReportKind(values.erreur)) errors.erreur = 'Choisissez ce qui est faux.';
  if (values.message.length > MESSAGE_MAX_LENGTH) {
    errors.message = `Votre texte est trop long : ${values.message.length} caractères. Écrivez ${MESSAGE_MAX_LENGTH} caractères au plus.`;
  } else if (values.erreur === 'autre' && values.message === '') {
    errors.message = 'Vous avez choisi « Autre » : décrivez l’erreur en quelques mots.';
  }
  return errors;
}

function reportFormPage(lieu: LieuDetail, values: FormValues, errors: FormErrors, csrf: SafeHtml): SafeHtml {
  const kinds = Object.entries(REPORT_KINDS) as [ReportKind, string][];
  const firstKindId = `erreur-${kinds[0]![0]}`;
  const hasErrors = Boolean(errors.erreur || errors.message);
  return page({
    title: `${hasErrors ? 'Erreur : ' : ''}Signaler une erreur sur ${lieu.data.nom}`,
    head: html`<meta name="robots" content="noindex">`,
    main: html`<h1>Signaler une erreur</h1>
<p>Sur le lieu : <a href="/lieux/${lieu.id}">${lieu.data.nom}</a></p>
<p>Votre message nous aide à garder des informations justes. Une personne de l’équipe le lira.</p>
<p><strong>N’écrivez pas d’informations personnelles</strong> (votre nom, votre téléphone, votre adresse e-mail). Nous ne vous en demandons pas.</p>
${hasErrors && html`<div class="error-summary" role="alert">
<h2>Le formulaire n’est pas complet</h2>
<ul>
${errors.erreur && html`<li><a href="#${firstKindId}">${errors.erreur}</a></li>`}
${errors.message && html`<li><a href="#message">${errors.message}</a></li>`}
</ul>
</div>`}
<form method="post" action="/lieux/${lieu.id}/signaler" novalidate>
${csrf}
<fieldset${errors.erreur && html` class="has-error" aria-describedby="erreur-erreur"`}>
<legend>Qu’est-ce qui est faux ? (obligatoire)</legend>
${errors.erreur && html`<p class="error" id="erreur-erreur">${errors.erreur}</p>`}
${kinds.map(([value, label]) => html`<div class="choice">
<input type="radio" id="erreur-${value}" name="erreur" value="${value}"${values.erreur === value && html` checked`}>
<label for="erreur-${value}">${label}</label>
</div>`)}
</fieldset>
<div class="field${errors.message && ' has-error'}">
<label for="message">Précisez ce qui est faux</label>
<span class="hint" id="message-aide">Par exemple : les bons horaires. Obligatoire si vous choisissez « Autre ». ${MESSAGE_MAX_LENGTH.toLocaleString('fr-FR')} caractères au plus.</span>
${errors.message && html`<p class="error" id="message-erreur">${errors.message}</p>`}
<textarea id="message" name="message" rows="6" maxlength="${MESSAGE_MAX_LENGTH}" aria-describedby="message-aide${errors.message && ' message-erreur'}"${errors.message && html` aria-invalid="true"`}>${values.message}</textarea>
</div>
<button class="button" type="submit">Envoyer le signalement</button>
</form>`,
  });
}
