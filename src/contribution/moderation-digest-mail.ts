// Owns the words of the moderation digest: what is new and what waits in the queues of a
// coordinator's territories (claims to manage a place, proposals of new places, error reports),
// at most MAX_LINES names a kind, and the two pages where she decides. Plain text, read by every
// client. Names typed by visitors (proposals) are flattened to one short line: a mail is no place
// for their line breaks, and the subject holds none of their words.

/** At most this many names a kind; the rest is "et N autres". */
export const MAX_LINES = 10;
const MAX_NAME_LENGTH = 120;

export type DigestKind = 'claim' | 'suggestion' | 'report';
/** One waiting item as told: the place's (or proposed place's) name, its commune, who asked (claims). */
export type DigestEntry = { name: string; commune: string; requester?: string };
/** fresh: the items new since the last digest, oldest first; waiting: how many wait in all. */
export type DigestSection = { fresh: DigestEntry[]; waiting: number };

export type DigestMailFacts = {
  /** The site's address, without a trailing slash. */
  publicUrl: string;
  hours: number;
  /** The coordinator's territories in words; undefined for an administrator (everything). */
  territories?: string[];
  sections: Record<DigestKind, DigestSection>;
};

type Words = { title: string; one: string; many: string; fresh: [string, string]; noFresh: string; none: string };
const WORDS: Record<DigestKind, Words> = {
  claim: { title: 'Demandes de gestion d’un lieu', one: 'demande de gestion', many: 'demandes de gestion', fresh: ['nouvelle', 'nouvelles'], noFresh: 'aucune nouvelle', none: 'aucune en attente' },
  suggestion: { title: 'Propositions de nouveaux lieux', one: 'proposition de lieu', many: 'propositions de lieux', fresh: ['nouvelle', 'nouvelles'], noFresh: 'aucune nouvelle', none: 'aucune en attente' },
  report: { title: 'Signalements d’erreurs', one: 'signalement', many: 'signalements', fresh: ['nouveau', 'nouveaux'], noFresh: 'aucun nouveau', none: 'aucun en attente' },
};
const ORDER: DigestKind[] = ['claim', 'suggestion', 'report'];

/** One line of at most MAX_NAME_LENGTH characters, whatever was typed. */
export function oneLine(text: string, max = MAX_NAME_LENGTH): string {
  const line = text.replace(/[\s\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
}

const count = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;

function sectionText(kind: DigestKind, section: DigestSection): string {
  const w = WORDS[kind];
  if (section.waiting === 0 && section.fresh.length === 0) return `${w.title} : ${w.none}.`;
  const fresh = section.fresh.length;
  const head = `${w.title} : ${fresh === 0 ? w.noFresh : `${fresh} ${fresh > 1 ? w.fresh[1] : w.fresh[0]}`}, ${section.waiting} en attente en tout`;
  const lines = section.fresh.slice(0, MAX_LINES).map((e) => {
    const where = e.commune ? `, ${oneLine(e.commune, 60)}` : '';
    return `- ${oneLine(e.name) || '(sans nom)'}${where}${e.requester ? ` — demandée par ${oneLine(e.requester, 254)}` : ''}`;
  });
  const more = fresh - MAX_LINES;
  if (more > 0) lines.push(`et ${more} ${more > 1 ? 'autres' : 'autre'}`);
  return lines.length > 0 ? `${head} :\n${lines.join('\n')}` : `${head}.`;
}

export function digestMail(facts: DigestMailFacts): { subject: string; text: string } {
  const fresh = ORDER.filter((k) => facts.sections[k].fresh.length > 0)
    .map((k) => count(facts.sections[k].fresh.length, WORDS[k].one, WORDS[k].many));
  const where = !facts.territories ? 'dans tout Passerelle (vous l’administrez)'
    : facts.territories.length === 1 ? `sur votre territoire : ${facts.territories[0]}` : `sur vos territoires : ${facts.territories.join(', ')}`;
  const url = facts.publicUrl;
  return {
    subject: `Passerelle : du nouveau à examiner (${fresh.join(', ')})`,
    text: `Bonjour,

Du nouveau attend votre décision ${where}.

${sectionText('claim', facts.sections.claim)}
Pour accepter ou refuser les demandes de gestion :
${url}/moderation/demandes

${sectionText('suggestion', facts.sections.suggestion)}

${sectionText('report', facts.sections.report)}
Pour publier les propositions et traiter les signalements :
${url}/moderation

Nous vous écrivons au plus une fois toutes les ${facts.hours} heures, et seulement quand quelque chose de nouveau attend.

Vous recevez ce courriel parce que ${!facts.territories ? 'vous administrez Passerelle' : facts.territories.length === 1 ? 'vous coordonnez ce territoire dans Passerelle' : 'vous coordonnez ces territoires dans Passerelle'}. Votre espace : ${url}/compte

Passerelle
`,
  };
}
