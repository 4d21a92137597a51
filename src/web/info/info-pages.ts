// Owns the short information pages linked from the header and footer: about, legal notice,
// personal data, accessibility statement. Their text is plain French and fixed.
import { html, type SafeHtml } from '../html.ts';
import { page, sendPage, type NavItem } from '../layout.ts';
import type { PageRoute } from '../page-route.ts';

function infoPage(url: string, title: string, main: SafeHtml, current?: NavItem): PageRoute {
  return {
    method: 'GET',
    url,
    handler: async (_db, _request, reply) => sendPage(reply, page({ title, main, ...(current && { current }) })),
  };
}

export const infoPages: PageRoute[] = [
  infoPage('/a-propos', 'À propos', html`<h1>À propos de Passerelle</h1>
<p>Passerelle aide à trouver un lieu où l’on peut être aidé pour le numérique : faire une démarche en ligne, apprendre à utiliser un ordinateur ou un téléphone, avoir accès à internet.</p>
<p>Les travailleurs sociaux et les aidants peuvent aussi s’en servir pour orienter une personne vers le bon lieu.</p>
<p>Les informations sur les lieux viennent de plusieurs sources publiques. Elles sont réunies, vérifiées et publiées en données ouvertes.</p>
<p>Les développeurs peuvent utiliser <a href="/api/v1/openapi.json">l’interface de programmation (API)</a> pour lire ces données.</p>`, 'a-propos'),

  infoPage('/mentions-legales', 'Mentions légales', html`<h1>Mentions légales</h1>
<p>Passerelle est un logiciel libre, publié sous licence AGPL 3.0 ou plus récente.</p>
<p>Les données des lieux sont publiées sous Licence Ouverte 2.0 : vous pouvez les réutiliser librement, en citant la source.</p>
<p>Le nom de l’organisme qui publie ce site et son hébergeur sont indiqués par chaque territoire qui installe Passerelle.</p>`),

  infoPage('/donnees-personnelles', 'Données personnelles', html`<h1>Données personnelles</h1>
<p>Pour chercher un lieu, vous n’avez pas besoin de compte. Nous ne vous demandons ni votre nom, ni votre adresse e-mail, ni votre téléphone.</p>
<p>Si vous utilisez le bouton « Autour de moi », votre position sert seulement à faire la recherche. Elle n’est pas enregistrée.</p>
<p>Si vous signalez une erreur sur un lieu ou proposez un lieu qui manque, nous gardons seulement ce que vous écrivez et la date. N’écrivez pas d’informations personnelles dans ce message.</p>
<p>Si vous notez une orientation sur la fiche d’orientation, nous gardons seulement la date, le besoin, les lieux et le nom de votre structure. Rien sur la personne.</p>
<h2>Les comptes des professionnels</h2>
<p>Pour les personnes qui s’occupent d’un lieu ou d’un territoire, nous gardons seulement leur adresse e-mail, leur nom s’ils l’écrivent, leur rôle, et les lieux ou territoires dont elles s’occupent.</p>
<p>Quand une personne modifie un lieu ou traite un signalement, l’historique du lieu garde qui l’a fait et quand : il est visible des responsables du lieu et des coordinateurs de son territoire. Les rappels « vos informations sont-elles à jour ? » sont envoyés à l’adresse e-mail du compte.</p>
<p>Vous pouvez supprimer votre compte à tout moment, depuis la page « Mon compte ». Votre adresse, votre nom et vos droits sont alors effacés ; dans l’historique des lieux, vos modifications apparaissent ensuite comme faites par un « compte supprimé ».</p>
<h2>Cookies</h2>
<p>Ce site ne dépose pas de cookie de suivi. Il dépose seulement les cookies nécessaires : un cookie de sécurité pour les formulaires, et un cookie de connexion quand vous vous connectez à l’espace des professionnels.</p>`),

  infoPage('/accessibilite', 'Accessibilité', html`<h1>Accessibilité</h1>
<p>Ce site est <strong>partiellement conforme</strong> au référentiel général d’amélioration de l’accessibilité (RGAA), qui reprend les règles internationales d’accessibilité du web (WCAG 2.1, niveau AA).</p>
<p>Chaque page est testée automatiquement dans un navigateur, au clavier seul et sans JavaScript. Un audit complet par des personnes n’a pas encore été fait : c’est pourquoi le site est dit « partiellement conforme ».</p>
<p>Si vous n’arrivez pas à utiliser une page, dites-le à l’organisme qui publie ce site : il vous aidera à obtenir l’information autrement.</p>`),
];
