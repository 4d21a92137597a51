// Owns where three datasets are published by their producers and which parser reads them:
// arcep-thd (ARCEP « Ma connexion internet », commune file), insee-comparateur (INSEE base du
// comparateur de territoires) and passage-communes (INSEE COG, mouvements des communes).
// Addresses were checked offline against public code that downloads them (see each comment).
import type { OfficialSource } from './official-parser.ts';
import { ARCEP_DEBIT_ROLE, parseArcepDebit } from './arcep-debit.ts';
import { INSEE_COMPARATEUR_ROLE, parseInseeComparateur } from './insee-comparateur.ts';
import { INSEE_MOUVEMENTS_ROLE, parseInseeMouvements } from './insee-mouvements.ts';

const LICENCE = 'Licence Ouverte 2.0 (Etalab)';

export const ARCEP_THD_OFFICIAL: OfficialSource = {
  producer: 'ARCEP, « Ma connexion internet » (statistiques par commune)',
  page: 'https://www.data.gouv.fr/datasets/ma-connexion-internet',
  version: 'dernière publication',
  licence: LICENCE,
  files: [{
    role: ARCEP_DEBIT_ROLE,
    // The `last/` alias, as used by public scripts; the columns type/inel_hd/elig_bhd8 and the value
    // type = all could not be seen in a published copy offline.
    url: 'https://data.arcep.fr/fixe/maconnexioninternet/statistiques/last/commune/commune_debit_terrestre.csv',
    title: 'ARCEP, Ma connexion internet : locaux par classe de débit et par commune (hors satellite)',
  }],
  parse: parseArcepDebit,
};

export const INSEE_COMPARATEUR_OFFICIAL: OfficialSource = {
  producer: 'INSEE, base du comparateur de territoires',
  page: 'https://www.insee.fr/fr/statistiques/2521169',
  version: 'dernière publication',
  licence: LICENCE,
  files: [{
    role: INSEE_COMPARATEUR_ROLE,
    url: 'https://www.insee.fr/fr/statistiques/fichier/2521169/base_cc_comparateur_csv.zip',
    title: 'INSEE, base du comparateur de territoires (zip CSV, toutes les communes)',
  }],
  parse: parseInseeComparateur,
};

export const PASSAGE_COMMUNES_OFFICIAL: OfficialSource = {
  producer: 'INSEE, Code officiel géographique 2026 (mouvements des communes)',
  page: 'https://www.insee.fr/fr/information/8740222',
  version: 'COG 2026, mouvements depuis 2018',
  licence: LICENCE,
  files: [{
    role: INSEE_MOUVEMENTS_ROLE,
    url: 'https://www.insee.fr/fr/statistiques/fichier/8740222/v_mvt_commune_2026.csv',
    title: 'INSEE, COG 2026 : mouvements des communes (fusions, changements de code)',
  }],
  parse: parseInseeMouvements,
};
