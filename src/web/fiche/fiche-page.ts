// Owns the orientation slip's routes: GET /fiche?lieu=ID&lieu=ID&lieu=ID (1 to 3 places, optional
// services=<service of the standard> repeated and besoin=<free text>) shows a printable slip and
// the text to send; POST /fiche/enregistrer records the orientation (day, need, places,
// structure: nothing about the person), then POST → 303 → GET back to the slip with a message.
//
// No CSRF token and no rate limit yet, as for the report form: recording adds a statistics row
// and changes nothing else; both come with accounts (issue 4).
import type { FastifyRequest } from 'fastify';
import { getLieu, type LieuDetail } from '../../lieux/store/read-lieux.ts';
import type { Db } from '../../platform/db.ts';
import { nextOpening } from '../../orientation/next-opening.ts';
import { weekOpenings } from '../../orientation/week-openings.ts';
import { scheduleOf } from '../../orientation/hours/schedule.ts';
import { SERVICE_NEEDS, plainLabel } from '../../orientation/needs.ts';
import { MAX_PLACES, STRUCTURE_MAX_LENGTH, parisDay, recordOrientation } from '../../orientation/record-orientation.ts';
import { firstValue } from '../form-values.ts';
import { html, safeUrl, type SafeHtml } from '../html.ts';
import { page, sendPage } from '../layout.ts';
import { notFoundPage } from '../error-pages.ts';
import { absoluteWebUrl, displayPhone, frenchList, telUrl } from '../format.ts';
import type { PageRoute } from '../page-route.ts';
import { publicBase } from '../public-url.ts';
import { now } from '../../platform/clock.ts';
import { csrfField, csrfValid, sendCsrfRefused } from '../csrf.ts';
import { openingSentence, weekLines, weekRange } from './fiche-text.ts';
import { whatToBring } from './what-to-bring.ts';
import { qrCodeSvg } from './qr-code.ts';
import { slipView, type RecordForm, type Slip, type SlipPlace } from './fiche-view.ts';

/** The need in the professional's words is shown on the slip, never stored; longer text is cut. */
export const BESOIN_MAX_LENGTH = 200;

export const UNKNOWN_PLACE = 'Un des lieux choisis n’existe pas ou plus dans Passerelle. Revenez à la recherche et choisissez les lieux à nouveau.';

type SlipQuery = { ids: string[]; services: string[]; besoin: string };

export const fichePages: PageRoute[] = [
  {
    method: 'GET',
    url: '/fiche',
    handler: async (db, request, reply) => {
      const query = readSlipFields(request.query);
      const loaded = await loadPlaces(db, query.ids);
      if ('error' in loaded) return sendPage(reply, loaded.error.page, loaded.error.status);
      const recorded = (request.query as Record<string, unknown> | undefined)?.enregistre === '1';
      return sendPage(reply, await slipPage(await buildSlip(loaded.places, query, request, now()), { structure: '', recorded, csrf: csrfField(request, reply) }));
    },
  },
  {
    method: 'POST',
    url: '/fiche/enregistrer',
    handler: async (db, request, reply) => {
      if (!csrfValid(request)) return sendCsrfRefused(reply);
      const fields = readSlipFields(request.body);
      const loaded = await loadPlaces(db, fields.ids);
      if ('error' in loaded) return sendPage(reply, loaded.error.page, loaded.error.status);
      const structure = clean(firstValue((request.body as Record<string, unknown> | undefined)?.structure));
      const error = structure === '' ? 'Écrivez le nom de votre structure.'
        : structure.length > STRUCTURE_MAX_LENGTH ? `Le nom est trop long : ${structure.length} caractères. Écrivez ${STRUCTURE_MAX_LENGTH} caractères au plus.`
        : undefined;
      const at = now();
      if (error) return sendPage(reply, await slipPage(await buildSlip(loaded.places, fields, request, at), { structure, error, csrf: csrfField(request, reply) }), 400);
      await recordOrientation(db, { lieuIds: loaded.places.map((p) => p.id), services: fields.services, structure, at });
      return reply.redirect(`/fiche?${slipQueryString(loaded.places.map((p) => p.id), fields)}&enregistre=1`, 303);
    },
  },
];

const list = (value: unknown): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
// eslint-disable-next-line no-control-regex
const clean = (value: unknown) => (typeof value === 'string' ? value.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim() : '');

/** The fields of the slip, from the query string (GET) or the form (POST). Unknown services are dropped. */
function readSlipFields(source: unknown): SlipQuery {
  const fields = (source && typeof source === 'object' ? source : {}) as Record<string, unknown>;
  const ids = list(fields.lieu).map((id) => id.trim()).filter((id) => id !== '');
  const services = [...new Set(list(fields.services).filter((s) => Object.hasOwn(SERVICE_NEEDS, s)))];
  const besoin = clean(firstValue(fields.besoin));
  return { ids, services, besoin: besoin.length > BESOIN_MAX_LENGTH ? `${besoin.slice(0, BESOIN_MAX_LENGTH - 1)}…` : besoin };
}

function slipQueryString(ids: readonly string[], fields: SlipQuery): string {
  const params = new URLSearchParams();
  for (const id of ids) params.append('lieu', id);
  for (const service of fields.services) params.append('services', service);
  if (fields.besoin) params.append('besoin', fields.besoin);
  return params.toString();
}

type Loaded = { places: LieuDetail[] } | { error: { page: SafeHtml; status: number } };

/** 1 to 3 distinct places, merged-away ones replaced by the place that absorbed them. */
async function loadPlaces(db: Db, ids: readonly string[]): Promise<Loaded> {
  const distinct = [...new Set(ids.map((id) => id.toLowerCase()))];
  if (distinct.length === 0) return { error: { status: 400, page: slipErrorPage('Aucun lieu choisi', 'Cette fiche n’a pas de lieu.', 'Cherchez des lieux, choisissez-en 1 à 3, puis demandez la fiche d’orientation.') } };
  if (distinct.length > MAX_PLACES) return { error: { status: 400, page: slipErrorPage('Trop de lieux', `Une fiche d’orientation a ${MAX_PLACES} lieux au plus. Vous en avez choisi ${distinct.length}.`, `Revenez à la recherche et gardez ${MAX_PLACES} lieux au plus.`) } };
  const places: LieuDetail[] = [];
  for (const id of distinct) {
    let lieu = await getLieu(db, id);
    // Merges point to the absorbing place; a few steps at most even if merges were chained.
    for (let step = 0; lieu?.merged_into && step < 5; step++) lieu = await getLieu(db, lieu.merged_into);
    if (!lieu || lieu.merged_into) return { error: { status: 404, page: notFoundPage(UNKNOWN_PLACE) } };
    if (!places.some((p) => p.id === lieu!.id)) places.push(lieu);
  }
  return { places };
}

function slipErrorPage(title: string, what: string, todo: string): SafeHtml {
  return page({
    title,
    head: html`<meta name="robots" content="noindex">`,
    main: html`<h1>${title}</h1>
<p>${what}</p>
<p>${todo}</p>
<p><a href="/">Chercher des lieux depuis l’accueil</a></p>`,
  });
}

async function buildSlip(lieux: LieuDetail[], fields: SlipQuery, request: FastifyRequest, at: Date): Promise<Slip> {
  const base = publicBase(request);
  const places = await Promise.all(lieux.map((lieu) => slipPlace(lieu, fields.services, base, at)));
  return {
    places,
    services: fields.services,
    ...(fields.services.length > 0 && { needLabel: frenchList(fields.services.map((s) => plainLabel('services', s))) }),
    besoin: fields.besoin,
    day: parisDay(at),
  };
}

async function slipPlace(lieu: LieuDetail, need: readonly string[], base: string, at: Date): Promise<SlipPlace> {
  const data = lieu.data;
  const commune = `${data.adresse.code_postal} ${lieu.commune_nom ?? data.adresse.commune}`;
  const phone = data.contact?.telephone;
  const phoneUrl = phone ? telUrl(phone) : undefined;
  const appointmentUrl = data.prise_rdv ? safeUrl(absoluteWebUrl(data.prise_rdv)) : undefined;
  const next = nextOpening(data, at);
  const toWall = scheduleOf(data)?.toWall ?? ((instant: Date) => instant);
  const days = weekOpenings(data, at);
  const pageUrl = `${base}/lieux/${lieu.id}`;
  const fees = data.frais_a_charge ?? [];
  return {
    id: lieu.id,
    name: data.nom,
    address: [data.adresse.voie, data.adresse.complement_adresse, commune].filter(Boolean).join(', '),
    shortAddress: `${data.adresse.voie}, ${commune}`,
    ...(phone && { phone: { display: displayPhone(phone), ...(phoneUrl && { url: phoneUrl }) } }),
    ...(appointmentUrl && { appointmentUrl }),
    opening: openingSentence(next, at, toWall, 'long'),
    openingShort: openingSentence(next, at, toWall, 'short'),
    weekRange: weekRange(days),
    week: weekLines(days),
    cost: fees.length > 0 ? costText(fees) : 'non indiqué, demandez au lieu',
    // The person's need when it was chosen, else what the place offers.
    toBring: whatToBring(need.length > 0 ? need : data.services ?? []),
    qrCode: await qrCodeSvg(pageUrl, `Code QR vers la page de ${data.nom}`),
    pageUrl,
  };
}

/** "Gratuit", "Gratuit sous conditions ou payant": the values are alternatives. */
function costText(fees: readonly string[]): string {
  return fees.map((f, i) => {
    const label = plainLabel('frais_a_charge', f);
    return i === 0 ? label : label.charAt(0).toLowerCase() + label.slice(1);
  }).join(' ou ');
}

async function slipPage(slip: Slip, form: RecordForm): Promise<SafeHtml> {
  return page({
    title: `${form.error ? 'Erreur : ' : ''}Fiche d’orientation`,
    head: html`<meta name="robots" content="noindex">`,
    script: 'fiche.js',
    main: slipView(slip, form),
  });
}
