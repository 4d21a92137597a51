// Owns GET /api/v1/orientation: the orientation search as JSON, the same search as the page
// /recherche (src/orientation/search), with the query read by the same parser.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../platform/db.ts';
import { now } from '../platform/clock.ts';
import { orientation, type OrientationResult } from '../orientation/search/search.ts';
import { parseOrientationQuery, type RawQuery } from '../orientation/search/parse-query.ts';
import { label } from '../orientation/search/where.ts';
import type { Geocoder } from '../orientation/geocoder/geocoder.ts';
import { presentLieu } from './presenters.ts';
import { sendProblem } from './problem.ts';

export function presentResult(r: OrientationResult) {
  const o = r.nextOpening;
  return {
    lieu: presentLieu(r.lieu),
    ...(r.distance !== undefined && { distance_m: Math.round(r.distance) }),
    prochaine_ouverture: {
      state: o.state, open_now: o.openNow,
      ...(o.opensAt && { opens_at: o.opensAt.toISOString() }),
      ...(o.closesAt && { closes_at: o.closesAt.toISOString() }),
      ...(o.comment && { comment: o.comment }),
      phrase: o.phrase,
    },
    pourquoi: r.why,
    manque: r.missing,
    passe_ici: r.visits,
  };
}

export async function orientationHandler(db: Db, request: FastifyRequest, reply: FastifyReply, geocoder: Geocoder | undefined) {
  const { query, problems } = parseOrientationQuery(request.query as RawQuery, now());
  if (problems.length > 0) {
    return sendProblem(reply, { status: 400, title: 'Paramètre invalide', detail: problems.map((p) => p.message).join(' '), errors: problems.map((p) => ({ parameter: p.parameter, reason: p.message })) });
  }
  const answer = await orientation(db, query, { geocoder });
  if ('problem' in answer) {
    const status = answer.problem === 'geocoder_unavailable' ? 503 : answer.problem === 'not_found' ? 404 : 400;
    return reply.code(status).type('application/problem+json; charset=utf-8').send({
      type: 'about:blank', title: answer.message, status, detail: answer.message, probleme: answer.problem,
      ...(answer.choices && { choix: answer.choices.map((c) => ({ code: c.code, nom: c.nom, libelle: label(c), departement_code: c.departement_code })) }),
    });
  }
  return {
    ou: {
      label: answer.where.label, from: answer.where.from,
      ...(answer.where.point && { point: answer.where.point }),
      communes: answer.where.communes.map((c) => ({ code: c.code, nom: c.nom })),
    },
    besoins: { services: answer.needs.services, kinds: answer.needs.kinds, texte: answer.needs.fromText, texte_non_compris: answer.textNotUnderstood },
    rayon_km: answer.rayonKm,
    total: answer.total,
    data: answer.results.map(presentResult),
    ...(answer.fallback && { propositions: { proches: answer.fallback.nearest.map(presentResult), itinerants: answer.fallback.itinerant.map(presentResult) } }),
  };
}
