// Owns the home page: what Passerelle is for, in a few plain words, and the search form.
import { html } from '../html.ts';
import { page, sendPage } from '../layout.ts';
import type { PageRoute } from '../page-route.ts';
import { searchForm } from './search-form.ts';

export const homePages: PageRoute[] = [
  {
    method: 'GET',
    url: '/',
    handler: async (_db, _request, reply) =>
      sendPage(reply, page({
        title: 'Trouver de l’aide pour le numérique',
        description: 'Trouver de l’aide près de chez vous pour utiliser internet, un ordinateur, un téléphone.',
        current: 'recherche',
        script: 'recherche.js',
        main: html`<h1>Trouver de l’aide près de chez vous</h1>
<p>Trouver de l’aide près de chez vous pour utiliser internet, un ordinateur, un téléphone…</p>
<p>Des lieux vous accueillent pour faire une démarche en ligne, apprendre, ou avoir accès à un ordinateur. Souvent, c’est gratuit.</p>
${searchForm()}`,
      })),
  },
];
