// Owns the synonyms table of free-text needs: words and phrases people type, and the services of
// the national standard (or kinds of places) they point to. Data only; read by free-text-needs.ts.
//
// How to read and extend it:
// - Terms are written as people type them, with or without accents, singular or plural: both the
//   term and the typed text go through the same normalisation (lower case, no accents, plural
//   "s" dropped, stop-words such as "le", "mon", "faire" removed — see free-text-needs.ts).
// - A phrase matches when its words follow each other in the text, stop-words aside:
//   "déclaration d'impôts" matches "faire ma declaration d impot".
// - weight: how surely the term means the need (1 by default; 0.5 for a hint, such as
//   "ordinateur", which fits several needs). A phrase weighs its weight times its number of words.
// - A term may appear in several entries when it points to several needs.
// Vocabulary comes from the seeds (démarches, CAF, Pôle emploi, parentalité, arnaques…) and
// from what people type into orientation tools.
import { Service as S } from '@gouvfr-anct/lieux-de-mediation-numerique';
import type { Kind } from '../lieux/domain/enums.ts';

export type Synonym = {
  terms: readonly string[];
  services?: readonly S[];
  kinds?: readonly Kind[];
  weight?: number;
};

export const NEED_SYNONYMS: readonly Synonym[] = [
  // Administrative procedures online, and the bodies people name.
  {
    services: [S.AideAuxDemarchesAdministratives],
    terms: [
      'démarche', 'démarches administratives', 'démarche en ligne', 'papiers', 'dossier', 'formulaire',
      'administratif', 'administration', 'impôts', 'impots.gouv', 'déclaration de revenus', "déclaration d'impôts",
      'prélèvement à la source', 'CAF', 'allocations familiales', 'allocation', 'APL', 'RSA', "prime d'activité",
      'ameli', 'sécurité sociale', 'CPAM', 'carte vitale', 'assurance maladie', 'complémentaire santé', 'mutuelle',
      'mon espace santé', 'MSA', 'retraite', 'CARSAT', 'info retraite', 'ANTS', 'carte grise', 'permis de conduire',
      'passeport', "carte d'identité", 'titre de séjour', 'préfecture', 'naturalisation', 'France Connect',
      'FranceConnect', 'identité numérique', 'chômage', 'actualisation', 'inscription France Travail',
      'logement social', 'demande de logement', 'justificatif', 'attestation', 'MDPH', 'France services',
      'chèque énergie', 'bourse', 'Parcoursup', 'Doctolib', 'rendez-vous médical', 'mairie', 'état civil',
      'acte de naissance', 'URSSAF', 'auto-entrepreneur',
    ],
  },
  { services: [S.AideAuxDemarchesAdministratives, S.InsertionProfessionnelleViaLeNumerique], terms: ['pôle emploi', 'France Travail', 'mission locale'] },
  // Learning the everyday tools.
  {
    services: [S.MaitriseDesOutilsNumeriquesDuQuotidien],
    terms: [
      'apprendre', 'débutant', 'débuter', 'les bases', 'initiation', 'cours', 'formation informatique', 'smartphone',
      'téléphone portable', 'portable', 'tablette', 'mail', 'e-mail', 'email', 'courriel', 'boîte mail', 'adresse mail',
      'envoyer un mail', 'pièce jointe', 'messagerie', 'SMS', 'WhatsApp', 'appel vidéo', 'visio', 'visioconférence',
      'Zoom', 'application', 'appli', 'installer', 'télécharger', 'clavier', 'souris', 'navigateur', 'naviguer',
      'chercher sur internet', 'recherche internet', 'Google', 'envoyer une photo', 'scanner un document',
      'numériser', 'clé USB', 'traitement de texte', 'Word', 'Excel', 'bureautique', 'banque en ligne', 'virement',
      'faire ses courses en ligne', 'commander en ligne', 'utiliser un ordinateur', 'utiliser internet',
      'utiliser un téléphone', 'allumer un ordinateur', 'fichier', 'dossier informatique', 'cloud',
    ],
  },
  { services: [S.MaitriseDesOutilsNumeriquesDuQuotidien, S.AccesInternetEtMaterielInformatique], terms: ['ordinateur', 'ordi', 'PC', 'informatique', 'internet', 'téléphone', 'numérique'], weight: 0.5 },
  // Equipment and connection on site.
  {
    services: [S.AccesInternetEtMaterielInformatique],
    terms: [
      'imprimer', 'imprimante', 'impression', 'photocopie', 'photocopier', 'scanner', 'scan', 'accès internet',
      'connexion', 'se connecter', 'poste informatique', 'ordinateur en libre service', 'libre service',
      'ordinateur gratuit', 'internet gratuit', "pas d'ordinateur", 'pas internet', 'sans ordinateur',
    ],
  },
  { services: [S.AccesInternetEtMaterielInformatique], kinds: ['public_wifi'], terms: ['wifi', 'wi-fi', 'wifi gratuit', 'hotspot', 'borne wifi'] },
  // Jobs and training.
  {
    services: [S.InsertionProfessionnelleViaLeNumerique],
    terms: [
      'emploi', 'travail', 'job', 'boulot', 'chercher du travail', "recherche d'emploi", "offre d'emploi", 'CV',
      'curriculum', 'lettre de motivation', 'candidature', 'postuler', "entretien d'embauche", 'recrutement',
      'LinkedIn', 'Indeed', 'intérim', 'formation professionnelle', 'CPF', 'compte formation', 'reconversion',
      'stage', 'alternance', 'apprentissage', 'insertion',
    ],
  },
  // Safety online.
  {
    services: [S.UtilisationSecuriseeDuNumerique],
    terms: [
      'arnaque', 'escroquerie', 'fraude', 'piratage', 'piraté', 'pirate', 'hacker', 'virus', 'antivirus',
      'mot de passe', 'hameçonnage', 'phishing', 'faux mail', 'faux SMS', 'faux site', 'spam', 'sécurité',
      'sécuriser', 'données personnelles', 'vie privée', "usurpation d'identité", 'compte bloqué',
      'double authentification', 'cyberharcèlement', 'cybersécurité',
    ],
  },
  // Parents, children and screens.
  {
    services: [S.ParentaliteEtEducationAvecLeNumerique],
    terms: [
      'enfant', 'fils', 'fille', 'ado', 'adolescent', 'parent', 'parentalité', 'contrôle parental', 'écran',
      "temps d'écran", 'école', 'collège', 'lycée', 'devoirs', 'Pronote', 'ENT', 'espace numérique de travail',
      'harcèlement', 'éducation', 'bébé',
    ],
  },
  { services: [S.ParentaliteEtEducationAvecLeNumerique], terms: ['jeux vidéo', 'réseaux sociaux', 'TikTok', 'Snapchat'], weight: 0.5 },
  // Leisure and creation.
  {
    services: [S.LoisirsEtCreationsNumeriques],
    terms: [
      'loisir', 'jeux vidéo', 'jeu', 'jeux', 'photo', 'retouche photo', 'vidéo', 'montage vidéo', 'musique',
      'dessin', 'créer', 'création', 'créatif', 'impression 3D', 'fablab', 'robot', 'robotique', 'programmation',
      'programmer', 'coder', 'blog', 'site internet', 'généalogie', 'Minecraft', 'atelier créatif',
    ],
  },
  // Understanding the digital world.
  {
    services: [S.ComprehensionDuMondeNumerique],
    terms: [
      'comprendre le numérique', 'intelligence artificielle', 'IA', 'ChatGPT', 'fausses informations',
      'fake news', 'infox', 'désinformation', 'algorithme', 'réseaux sociaux', 'Facebook', 'Instagram',
      'culture numérique', 'citoyenneté numérique', 'sobriété numérique', 'empreinte numérique',
    ],
  },
  { services: [S.ComprehensionDuMondeNumerique], terms: ['comprendre'], weight: 0.5 },
  // Buying equipment cheaply.
  {
    services: [S.MaterielInformatiqueAPrixSolidaire],
    kinds: ['solidarity_equipment'],
    terms: [
      'acheter', 'achat', 'pas cher', 'petit prix', 'prix solidaire', 'tarif solidaire', 'reconditionné',
      'occasion', 'acheter un ordinateur', 'acheter un téléphone', 'ordinateur pas cher', 'téléphone pas cher',
      'Emmaüs Connect', 'matériel solidaire', "don d'ordinateur",
    ],
  },
  // Places other than mediation.
  {
    kinds: ['charging_point'],
    terms: ['recharger', 'recharge', 'charger mon téléphone', 'chargeur', 'batterie', 'prise électrique', 'batterie vide'],
  },
  {
    kinds: ['repair'],
    terms: [
      'réparer', 'réparation', 'dépannage', 'dépanner', 'en panne', 'panne', 'cassé', 'écran cassé',
      'ne marche plus', 'ne fonctionne plus', 'repair café', 'bug', 'lent', 'ordinateur lent',
    ],
  },
];
