// Owns the French error pages of the site (the API answers its errors in problem+json).
import { html, type SafeHtml } from './html.ts';
import { page } from './layout.ts';

/** The 404 text of a place page (or a page about a place) whose place is not there. */
export const UNKNOWN_LIEU = 'Ce lieu n’existe pas ou plus dans Passerelle.';

export function notFoundPage(what = 'Cette page n’existe pas ou plus.'): SafeHtml {
  return page({
    title: 'Page introuvable',
    head: html`<meta name="robots" content="noindex">`,
    main: html`<h1>Page introuvable</h1>
<p>${what}</p>
<p>Vérifiez l’adresse de la page, ou <a href="/">cherchez un lieu depuis l’accueil</a>.</p>`,
  });
}

export function serverErrorPage(): SafeHtml {
  return page({
    title: 'Erreur',
    head: html`<meta name="robots" content="noindex">`,
    main: html`<h1>Désolé, un problème est survenu</h1>
<p>Le problème vient de notre côté, pas de vous.</p>
<p>Réessayez dans quelques minutes. Vous pouvez aussi <a href="/">revenir à l’accueil</a>.</p>`,
  });
}

/** A request the site cannot read (a form too long, a malformed address): status 4xx. */
export function badRequestPage(): SafeHtml {
  return page({
    title: 'Demande incorrecte',
    head: html`<meta name="robots" content="noindex">`,
    main: html`<h1>Nous n’avons pas compris la demande</h1>
<p>Revenez à la page précédente et réessayez. Vous pouvez aussi <a href="/">revenir à l’accueil</a>.</p>`,
  });
}
