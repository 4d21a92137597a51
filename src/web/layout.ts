// Owns the frame shared by every page: document head, skip link, header with navigation, main
// region, footer. Pages work without JavaScript; a page may add deferred scripts.
import type { FastifyReply } from 'fastify';
import { html, type SafeHtml } from './html.ts';
import { assetUrl, type AssetName } from './assets.ts';

export type NavItem = 'recherche' | 'observatoire' | 'a-propos';

export type PageOptions = {
  /** The page's own title, shown in the tab and read first by screen readers ("… — Passerelle" is added). */
  title: string;
  main: SafeHtml;
  /** A short summary for search engines and link previews. */
  description?: string;
  /** The navigation entry to mark as the current page. */
  current?: NavItem;
  /** Deferred scripts from src/web/assets/ (progressive enhancement only: the page must work without them). */
  script?: AssetName | AssetName[];
  /** Extra elements for <head> (e.g. <meta name="robots" content="noindex">). */
  head?: SafeHtml;
};

const NAV: { key: NavItem; href: string; label: string }[] = [
  { key: 'recherche', href: '/', label: 'Trouver un lieu' },
  { key: 'observatoire', href: '/observatoire', label: 'Observatoire' },
  { key: 'a-propos', href: '/a-propos', label: 'À propos' },
];

export function page(options: PageOptions): SafeHtml {
  const navLinks = NAV.map((item) => html`<li><a href="${item.href}"${item.key === options.current ? html` aria-current="page"` : ''}>${item.label}</a></li>`);
  return html`<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} — Passerelle</title>
${options.description && html`<meta name="description" content="${options.description}">`}
<link rel="stylesheet" href="${assetUrl('style.css')}">
${[options.script ?? []].flat().map((name) => html`<script src="${assetUrl(name)}" defer></script>`)}
${options.head}
</head>
<body>
<a class="skip-link" href="#contenu">Aller au contenu</a>
<header class="site-header">
<div class="wrap">
<a class="brand" href="/">Passerelle</a>
<p class="tagline">Trouver de l’aide pour le numérique, près de chez vous.</p>
<nav aria-label="Menu principal"><ul>${navLinks}</ul></nav>
</div>
</header>
<main id="contenu" class="wrap" tabindex="-1">
${options.main}
</main>
<footer class="site-footer">
<div class="wrap">
<ul>
<li><a href="/mentions-legales">Mentions légales</a></li>
<li><a href="/donnees-personnelles">Données personnelles</a></li>
<li><a href="/accessibilite">Accessibilité : partiellement conforme</a></li>
<li><a href="/lieux/proposer">Proposer un lieu qui manque</a></li>
<li><a href="/connexion">Espace des professionnels</a></li>
</ul>
<p>Les données des lieux sont publiées sous <a href="https://www.etalab.gouv.fr/licence-ouverte-open-licence/">Licence Ouverte 2.0</a>.</p>
</div>
</footer>
</body>
</html>
`;
}

/** Sends a rendered page as HTML with the given status. */
export function sendPage(reply: FastifyReply, document: SafeHtml, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(document.value);
}
