// Owns the reading of a need typed as free text ("faire ma déclaration d'impôts"): which services
// of the standard and which kinds of places it points to, with a score and the words that matched
// (to explain "why this place"). Pure; the vocabulary is the data of need-synonyms.ts.
import type { Service } from '@gouvfr-anct/lieux-de-mediation-numerique';
import type { Kind } from '../lieux/domain/enums.ts';
import { normalizeText } from '../platform/text.ts';
import { NEED_SYNONYMS } from './need-synonyms.ts';

export type NeedMatch<V extends string> = {
  value: V;
  /** Sum of the weights of the matched terms: a one-word synonym found as typed weighs 1. */
  score: number;
  /** The words of the text that matched, as the person typed them, in their order. */
  matched: string[];
};

export type FreeTextNeeds = { services: NeedMatch<Service>[]; kinds: NeedMatch<Kind>[] };

/** Services and kinds of places a free text points to, best first; empty lists when none. */
export function needsFromText(text: string): FreeTextNeeds {
  const words = tokenize(text);
  const found = new Map<string, Found[]>();
  for (const hit of termHits(words)) {
    for (const target of hit.term.targets) {
      const list = found.get(target) ?? [];
      list.push(hit);
      found.set(target, list);
    }
  }
  const services: NeedMatch<Service>[] = [];
  const kinds: NeedMatch<Kind>[] = [];
  for (const [target, hits] of found) {
    const kept = withoutNestedHits(hits);
    const score = round(kept.reduce((sum, hit) => sum + hit.score, 0));
    const positions = [...new Set(kept.flatMap((hit) => range(hit.start, hit.end)))].sort((a, b) => a - b);
    const matched = [...new Set(positions.map((i) => words[i]!.typed))];
    const [family, value] = splitTarget(target);
    if (family === 'service') services.push({ value: value as Service, score, matched });
    else kinds.push({ value: value as Kind, score, matched });
  }
  return { services: services.sort(byScore), kinds: kinds.sort(byScore) };
}

// ---------------------------------------------------------------------------------------------
// Words. Text and terms go through the same steps: normalizeText (case, accents, punctuation),
// stop-words and one-letter elisions ("d'", "l'") dropped, a final plural "s" removed.

const STOP_WORDS = new Set([
  'le', 'la', 'les', 'un', 'une', 'des', 'de', 'du', 'au', 'aux', 'et', 'ou', 'en', 'dans', 'sur', 'sous', 'pour',
  'par', 'avec', 'mon', 'ma', 'mes', 'ton', 'ta', 'tes', 'son', 'sa', 'ses', 'notre', 'nos', 'votre', 'vos', 'leur',
  'leurs', 'je', 'me', 'moi', 'tu', 'te', 'il', 'elle', 'on', 'nous', 'vous', 'ils', 'elles', 'se', 'ce', 'cet',
  'cette', 'ces', 'qui', 'que', 'qu', 'quoi', 'est', 'suis', 'es', 'sont', 'ai', 'as', 'avons', 'avez', 'ont', 'etre',
  'avoir', 'faire', 'fais', 'fait', 'veux', 'voudrais', 'voudrait', 'vouloir', 'peux', 'pouvoir', 'besoin', 'aide',
  'aider', 'comment', 'quand', 'pourquoi', 'svp', 'stp', 'merci', 'bonjour', 'ne', 'www', 'http', 'https', 'gouv',
  'fr', 'com',
]);

/** Typos are forgiven on words this long or longer: shorter words are too easily another word. */
const FUZZY_MIN_LENGTH = 5;
const FUZZY_FACTOR = 0.8;

type Word = { key: string; typed: string };

function tokenize(text: string): Word[] {
  const words: Word[] = [];
  // Split on what normalizeText turns into spaces, keeping each piece as typed for `matched`.
  for (const typed of text.split(/[^\p{L}\p{N}]+/u)) {
    for (const piece of normalizeText(typed).split(' ')) {
      const key = wordKey(piece);
      if (key !== undefined) words.push({ key, typed });
    }
  }
  return words;
}

function wordKey(normalized: string): string | undefined {
  if (normalized.length < 2 || STOP_WORDS.has(normalized)) return undefined;
  return normalized.length >= 4 && normalized.endsWith('s') && !normalized.endsWith('ss') ? normalized.slice(0, -1) : normalized;
}

// ---------------------------------------------------------------------------------------------
// Terms, compiled once: each term as its word keys, indexed by its first word.

type Term = { keys: string[]; weight: number; targets: string[] };
type Found = { term: Term; start: number; end: number; score: number };

const TERMS_BY_FIRST_KEY = new Map<string, Term[]>();
const VOCABULARY = new Set<string>();
for (const synonym of NEED_SYNONYMS) {
  const targets = [...(synonym.services ?? []).map((s) => `service:${s}`), ...(synonym.kinds ?? []).map((k) => `kind:${k}`)];
  for (const text of synonym.terms) {
    const keys = tokenize(text).map((word) => word.key);
    if (keys.length === 0) throw new Error(`need-synonyms: the term « ${text} » has only stop-words`);
    const term = { keys, weight: synonym.weight ?? 1, targets };
    TERMS_BY_FIRST_KEY.set(keys[0]!, [...(TERMS_BY_FIRST_KEY.get(keys[0]!) ?? []), term]);
    for (const key of keys) VOCABULARY.add(key);
  }
}

/** Every occurrence of a term in the words, each word matching as typed or with one typo. */
function termHits(words: Word[]): Found[] {
  const likeness = words.map((word) => vocabularyMatches(word.key));
  const hits: Found[] = [];
  for (let start = 0; start < words.length; start++) {
    for (const [firstKey] of likeness[start]!) {
      for (const term of TERMS_BY_FIRST_KEY.get(firstKey) ?? []) {
        let score = 0;
        let i = 0;
        for (; i < term.keys.length; i++) {
          const factor = likeness[start + i]?.get(term.keys[i]!);
          if (factor === undefined) break;
          score += factor;
        }
        if (i === term.keys.length) hits.push({ term, start, end: start + i, score: score * term.weight });
      }
    }
  }
  return hits;
}

/** The vocabulary words a typed word stands for, with 1 when equal and FUZZY_FACTOR for a typo. */
function vocabularyMatches(key: string): Map<string, number> {
  const matches = new Map<string, number>();
  // A word of the vocabulary is taken as written, not as a typo of another word ("passe" ≠ "cassé").
  if (VOCABULARY.has(key)) matches.set(key, 1);
  else if (key.length >= FUZZY_MIN_LENGTH) {
    for (const known of VOCABULARY) {
      if (known !== key && known.length >= FUZZY_MIN_LENGTH && withinOneEdit(key, known)) matches.set(known, FUZZY_FACTOR);
    }
  }
  return matches;
}

/** True when b is a with at most one letter inserted, deleted, replaced, or two neighbours swapped. */
export function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (i === a.length) return true;
    const swapped = a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
    return swapped || a.slice(i + 1) === b.slice(i + 1);
  }
  const [longer, shorter] = a.length > b.length ? [a, b] : [b, a];
  return longer.slice(i + 1) === shorter.slice(i);
}

// ---------------------------------------------------------------------------------------------

/** "déclaration d'impôts" found: the "impôts" inside it does not count a second time. */
function withoutNestedHits(hits: Found[]): Found[] {
  const kept: Found[] = [];
  const seen = new Set<Term>();
  const widestFirst = [...hits].sort((a, b) => (b.end - b.start) - (a.end - a.start) || b.score - a.score);
  for (const hit of widestFirst) {
    if (seen.has(hit.term)) continue;
    if (kept.some((k) => k.start <= hit.start && hit.end <= k.end)) continue;
    kept.push(hit);
    seen.add(hit.term);
  }
  return kept;
}

const splitTarget = (target: string) => {
  const colon = target.indexOf(':');
  return [target.slice(0, colon), target.slice(colon + 1)] as const;
};
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);
const round = (n: number) => Math.round(n * 100) / 100;
const byScore = <V extends string>(a: NeedMatch<V>, b: NeedMatch<V>) => b.score - a.score || a.value.localeCompare(b.value);
