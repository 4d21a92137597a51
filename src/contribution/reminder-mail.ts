// Owns the words of the freshness reminder: which place, since when it was not confirmed, the
// one-click link and the edit link, and why the person gets it. Plain text, read by every client.
// Kept beside the use case rather than in web/: the sweep runs from the command line too.
import type { LieuData } from '../lieux/domain/lieu.ts';

const LONG_DATE = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
/** "15 juin 2024", "1er juillet 2024" from a calendar day. */
const frenchDay = (day: string) => LONG_DATE.format(new Date(`${day}T12:00:00Z`)).replace(/^1 /, '1er ');

export type ReminderMailFacts = { lieuId: string; publicUrl: string; token: string; linkDays: number; months: number; confirmedOn: string | null };

export function reminderMail(data: LieuData, facts: ReminderMailFacts): { subject: string; text: string } {
  // A name is one line in a subject, whatever the data holds.
  const name = data.nom.replace(/\s+/g, ' ').trim();
  const { voie, code_postal, commune } = data.adresse;
  const since = facts.confirmedOn && /^\d{4}-\d{2}-\d{2}$/.test(facts.confirmedOn)
    ? `Ses informations ont été confirmées pour la dernière fois le ${frenchDay(facts.confirmedOn)}.`
    : 'Ses informations n’ont encore jamais été confirmées.';
  return {
    subject: `Les informations de « ${name} » sont-elles toujours à jour ?`,
    text: `Bonjour,

Vous gérez « ${name} » (${voie}, ${code_postal} ${commune}) dans Passerelle. ${since}

Les personnes qui cherchent de l’aide, et les professionnels qui les orientent, se fient à ces informations : adresse, horaires, services.

Tout est toujours correct ? Confirmez-le en un clic :
${facts.publicUrl}/verification/${facts.token}

Quelque chose a changé ? Corrigez la fiche du lieu :
${facts.publicUrl}/lieux/${facts.lieuId}/modifier

Le lien de confirmation marche une seule fois, pendant ${facts.linkDays} jours. Nous vous écrivons quand un lieu que vous gérez n’a pas été confirmé depuis ${facts.months} mois.

Vous recevez ce courriel parce que vous gérez ce lieu dans Passerelle. Votre espace : ${facts.publicUrl}/compte

Passerelle
`,
  };
}
