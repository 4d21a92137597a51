// Owns what private pages (accounts, contribution) answer someone who may not do what she asks (403, in French,
// with the way forward), and the noindex header of these private pages.
import { html, type SafeHtml } from './html.ts';
import { page } from './layout.ts';

export const noindex = html`<meta name="robots" content="noindex">`;

export function forbiddenPage(message: string, next?: SafeHtml): SafeHtml {
  return page({ title: 'Accès refusé', head: noindex, main: html`<h1>Accès refusé</h1><p>${message}</p>${next ?? html`<p><a href="/compte">Mon compte</a></p>`}` });
}
