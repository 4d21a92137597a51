// Owns when a place counts as stale: not verified by its structure (verified_at, or failing that
// the date of its last update, date_maj) for N months, N set by PASSERELLE_RAPPEL_MOIS (6 by
// default). Read by the reminder mails and the coordinators' dashboard, so both agree.
export const DEFAULT_STALE_MONTHS = 6;

export function staleMonths(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.PASSERELLE_RAPPEL_MOIS;
  if (raw === undefined || raw === '') return DEFAULT_STALE_MONTHS;
  const months = Number(raw);
  if (!Number.isInteger(months) || months < 1 || months > 120) {
    throw new Error(`PASSERELLE_RAPPEL_MOIS vaut « ${raw} » : indiquez un nombre entier de mois entre 1 et 120.`);
  }
  return months;
}

/** SQL: the date a place of alias `l` was last confirmed. */
export const lastConfirmedSql = (l = 'l') => `coalesce(${l}.verified_at, ${l}.date_maj::timestamptz)`;

/**
 * SQL condition "place `l` is stale at instant $n": the parameter number holds an ISO instant and
 * the next one the number of months, so tests can pin the clock.
 */
export const staleSql = (nowParam: number, monthsParam: number, l = 'l') =>
  `(${lastConfirmedSql(l)} IS NULL OR ${lastConfirmedSql(l)} < $${nowParam}::timestamptz - make_interval(months => $${monthsParam}::int))`;
