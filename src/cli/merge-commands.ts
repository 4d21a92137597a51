// `passerelle fusions …`: the duplicate places use cases for an operator at a terminal — detect
// probable duplicates (and apply them), list merges, confirm or undo one, merge two places by hand.
// Write actions live here, not in the API, until accounts and roles exist.
import { parseArgs } from 'node:util';
import type { Command, CliContext } from './main.ts';
import { detectDuplicates } from '../lieux/dedup/detect.ts';
import { applyMerges, requestFromPlan } from '../lieux/dedup/apply-merges.ts';
import { listMerges } from '../lieux/dedup/list-merges.ts';
import { confirmMerge } from '../lieux/dedup/confirm-merge.ts';
import { undoMerge } from '../lieux/dedup/undo-merge.ts';
import { mergeManually } from '../lieux/dedup/merge-manually.ts';
import { MergeError } from '../lieux/dedup/merge-error.ts';
import type { MergeStatus } from '../lieux/dedup/lock-merge.ts';
import type { Db } from '../platform/db.ts';

const USAGE = [
  'passerelle fusions detecter [--appliquer]',
  'passerelle fusions lister [--statut applied|confirmed|undone] [--limite 50]',
  'passerelle fusions confirmer NUMERO',
  'passerelle fusions annuler NUMERO',
  'passerelle fusions fusionner LIEU_CIBLE LIEU_A_FUSIONNER',
].join('\n                 ');

const STATUSES: readonly MergeStatus[] = ['applied', 'confirmed', 'undone'];
const STATUS_LABELS: Record<MergeStatus, string> = { applied: 'appliquée, à vérifier', confirmed: 'confirmée', undone: 'annulée' };
const REASON_LABELS: Record<string, string> = { same_pivot: 'même SIRET/RNA', proximity: 'même lieu à moins de 100 m', manual: 'fusion manuelle' };

const percent = (x: number | null) => (x === null ? '?' : `${Math.round(x * 100)} %`);
const metres = (x: number | null) => (x === null ? 'distance inconnue' : `${Math.round(x)} m`);
const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;

type Sub = (db: Db, args: string[], ctx: CliContext, actor: string) => Promise<number>;

const SUBCOMMANDS: Record<string, Sub> = {
  detecter: async (db, args, ctx, actor) => {
    const { values } = parseArgs({ args, options: { appliquer: { type: 'boolean' } } });
    const plan = await detectDuplicates(db);
    if (plan.length === 0) {
      ctx.out('Aucun doublon probable.');
      return 0;
    }
    ctx.out(`${plural(plan.length, 'doublon probable', 'doublons probables')} :`);
    for (const p of plan) {
      ctx.out(`  « ${p.target.nom} » (${p.target.sources.join(', ')}) ← « ${p.merged.nom} » (${p.merged.sources.join(', ')})`);
      ctx.out(`      ${REASON_LABELS[p.match.reason]} ; ${metres(p.match.distance_m)}, noms similaires à ${percent(p.match.name_similarity)}, adresses à ${percent(p.match.address_similarity)}`);
      ctx.out(`      ${p.target.id} ← ${p.merged.id}`);
    }
    if (!values.appliquer) {
      ctx.out('Pour les fusionner : passerelle fusions detecter --appliquer');
      return 0;
    }
    const applied = await applyMerges(db, plan.map(requestFromPlan), actor);
    ctx.out(`${plural(applied.length, 'fusion appliquée', 'fusions appliquées')} (n° ${applied.map((m) => m.id).join(', ')}). À vérifier : passerelle fusions lister --statut applied`);
    return 0;
  },

  lister: async (db, args, ctx) => {
    const { values } = parseArgs({ args, options: { statut: { type: 'string' }, limite: { type: 'string' } } });
    if (values.statut !== undefined && !STATUSES.includes(values.statut as MergeStatus)) {
      ctx.err(`Statut inconnu « ${values.statut} ». Statuts possibles : ${STATUSES.join(', ')}.`);
      return 2;
    }
    const limit = Number(values.limite ?? 50);
    if (!Number.isInteger(limit) || limit < 1) {
      ctx.err(`--limite attend un nombre entier positif, pas « ${values.limite} ».`);
      return 2;
    }
    const page = await listMerges(db, { ...(values.statut && { status: values.statut as MergeStatus }), limit });
    if (page.items.length === 0) {
      ctx.out('Aucune fusion.');
      return 0;
    }
    for (const m of page.items) {
      const decided = m.decided_at ? `, ${m.status === 'undone' ? 'annulée' : 'confirmée'} le ${day(m.decided_at)} par ${m.decided_by}` : '';
      ctx.out(`n° ${m.id} — ${STATUS_LABELS[m.status]} — ${REASON_LABELS[m.reason] ?? m.reason} (${metres(m.distance_m)}, noms similaires à ${percent(m.name_similarity)})`);
      ctx.out(`      « ${m.merged.nom} » ${m.merged.id}`);
      ctx.out(`   →  « ${m.target.nom} » ${m.target.id}`);
      ctx.out(`      ${plural(m.moved_records.length, 'enregistrement déplacé', 'enregistrements déplacés')} (${m.moved_records.map((r) => `${r.source}/${r.source_id}`).join(', ')}) ; le ${day(m.created_at)} par ${m.created_by}${decided}`);
    }
    if (page.total > page.items.length) ctx.out(`… ${page.total - page.items.length} autres (--limite pour en voir plus).`);
    return 0;
  },

  confirmer: async (db, args, ctx, actor) => {
    const id = mergeNumber(args, ctx, 'confirmer');
    if (id === undefined) return 2;
    await confirmMerge(db, id, actor);
    ctx.out(`Fusion n° ${id} confirmée.`);
    return 0;
  },

  annuler: async (db, args, ctx, actor) => {
    const id = mergeNumber(args, ctx, 'annuler');
    if (id === undefined) return 2;
    const merge = await undoMerge(db, id, actor);
    ctx.out(`Fusion n° ${id} annulée : ${plural(merge.moved_records.length, 'enregistrement est revenu', 'enregistrements sont revenus')} au lieu ${merge.merged_id}, de nouveau visible.`);
    return 0;
  },

  fusionner: async (db, args, ctx, actor) => {
    const [targetId, mergedId, ...rest] = args;
    if (!targetId || !mergedId || rest.length > 0) {
      ctx.err('Usage : passerelle fusions fusionner LIEU_CIBLE LIEU_A_FUSIONNER');
      return 2;
    }
    const merge = await mergeManually(db, targetId, mergedId, actor);
    ctx.out(`Fusion n° ${merge.id} appliquée : le lieu ${merge.merged_id} est fusionné dans ${merge.target_id} (${plural(merge.moved_records.length, 'enregistrement déplacé', 'enregistrements déplacés')}, ${metres(merge.distance_m)}).`);
    return 0;
  },
};

function mergeNumber(args: string[], ctx: CliContext, sub: string): number | undefined {
  const id = Number(args[0]);
  if (args.length !== 1 || !Number.isSafeInteger(id) || id <= 0) {
    ctx.err(`Usage : passerelle fusions ${sub} NUMERO (le numéro affiché par « passerelle fusions lister »)`);
    return undefined;
  }
  return id;
}

const day = (iso: string) => iso.slice(0, 16).replace('T', ' à ');

export const commands: Record<string, Command> = {
  fusions: {
    summary: 'Doublons probables entre sources : détecter, lister, confirmer, annuler, fusionner à la main.',
    usage: USAGE,
    run: async (args, ctx) => {
      const [name, ...rest] = args;
      const sub = name ? SUBCOMMANDS[name] : undefined;
      // --actor names who acts (default: the system user), for the journal.
      const actorIndex = rest.indexOf('--actor');
      const actor = actorIndex >= 0 ? rest[actorIndex + 1] : undefined;
      const subArgs = actorIndex >= 0 ? rest.filter((_, i) => i !== actorIndex && i !== actorIndex + 1) : rest;
      if (!sub || (actorIndex >= 0 && !actor)) {
        ctx.err(`Usage : ${USAGE}`);
        return 2;
      }
      const db = await ctx.openDb();
      try {
        return await sub(db, subArgs, ctx, actor ?? ctx.defaultActor);
      } catch (error) {
        if (error instanceof MergeError) {
          ctx.err(`Impossible : ${error.message}`);
          return 1;
        }
        throw error;
      } finally {
        await db.close();
      }
    },
  },
};
