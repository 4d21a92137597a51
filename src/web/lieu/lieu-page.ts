// Owns the place page route: /lieux/:id shows every detail of one place; a place merged into
// another sends the visitor to the place that absorbed it.
import { getLieu } from '../../lieux/store/read-lieux.ts';
import { communeResolver } from '../../territoires/resolver.ts';
import { page, sendPage } from '../layout.ts';
import { notFoundPage, UNKNOWN_LIEU } from '../error-pages.ts';
import type { PageRoute } from '../page-route.ts';
import { lieuView } from './lieu-view.ts';
import { now } from '../../platform/clock.ts';
import { can } from '../../comptes/permissions.ts';
import { currentSession } from '../comptes/session-cookie.ts';

export const lieuPages: PageRoute[] = [
  {
    method: 'GET',
    url: '/lieux/:id',
    handler: async (db, request, reply) => {
      const lieu = await getLieu(db, (request.params as { id: string }).id);
      if (!lieu) return sendPage(reply, notFoundPage(UNKNOWN_LIEU), 404);
      if (lieu.merged_into) return reply.redirect(`/lieux/${lieu.merged_into}`, 301);
      const communes = await communeResolver(db);
      // Only people signed in carry the session cookie: the page of everyone else costs no session query.
      const session = await currentSession(db, request);
      const editable = !!session && can(session.user, 'edit', { lieu });
      if (session) reply.header('cache-control', 'private, no-store');
      return sendPage(reply, page({
        title: lieu.data.nom,
        description: `${lieu.data.nom}, ${lieu.data.adresse.code_postal} ${lieu.commune_nom ?? lieu.data.adresse.commune} : adresse, horaires, services.`,
        main: lieuView(lieu, (code) => communes.byCode(code)?.nom, now(), editable),
      }));
    },
  },
];
