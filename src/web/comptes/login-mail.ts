// Owns the words of the sign-in e-mail: short, plain, and saying what to do if one did not ask.
import { LINK_MINUTES } from '../../comptes/login-links.ts';

export function loginMail(url: string): { subject: string; text: string } {
  return {
    subject: 'Votre lien pour vous connecter à Passerelle',
    text: `Bonjour,

Voici votre lien pour vous connecter à Passerelle :
${url}

Ce lien marche une seule fois, pendant ${LINK_MINUTES} minutes.

Vous n’avez rien demandé ? Ne faites rien : personne ne peut se connecter sans ce lien.

Passerelle
`,
  };
}
