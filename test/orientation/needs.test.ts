// Needs in plain words: every value of the standard's filter enumerations has a plain label,
// services and kinds of places also an explanation and a small decorative pictogram.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Service } from '@gouvfr-anct/lieux-de-mediation-numerique';
import {
  FRAIS, KINDS, MODALITES_ACCES, MODALITES_ACCOMPAGNEMENT, PRISES_EN_CHARGE, PUBLICS, SERVICES,
} from '../../src/lieux/domain/enums.ts';
import { KIND_NEEDS, PLAIN_LABELS, SERVICE_NEEDS, needWords, pictogram, plainLabel, plainOptions } from '../../src/orientation/needs.ts';

const FILTERS = [SERVICES, KINDS, PUBLICS, PRISES_EN_CHARGE, FRAIS, MODALITES_ACCES, MODALITES_ACCOMPAGNEMENT];

test('every value of every filter of the search has a plain label, and no label names an unknown value', () => {
  for (const enumeration of FILTERS) {
    const labels = PLAIN_LABELS[enumeration.field as keyof typeof PLAIN_LABELS];
    assert.ok(labels, `plain labels for ${enumeration.field}`);
    assert.deepEqual(Object.keys(labels).sort(), [...enumeration.values].sort(), enumeration.field);
  }
});

test('labels are short and plain: a few words, no standard jargon left as it is', () => {
  assert.equal(plainLabel('services', Service.AideAuxDemarchesAdministratives), 'Faire une démarche en ligne (impôts, CAF, retraite…)');
  assert.equal(plainLabel('frais_a_charge', 'Gratuit'), 'Gratuit');
  assert.equal(plainLabel('modalites_acces', 'Se présenter'), 'Venir sans rendez-vous');
  assert.equal(plainLabel('prise_en_charge_specifique', 'Illettrisme'), 'Personnes qui ont du mal à lire ou à écrire');
  for (const labels of Object.values(PLAIN_LABELS)) {
    for (const label of Object.values(labels)) {
      assert.ok(label.length <= 70, `short label: ${label}`);
      assert.doesNotMatch(label, /numérique du quotidien|via le numérique|prescription|modalit/i, label);
    }
  }
  for (const words of [...Object.values(SERVICE_NEEDS), ...Object.values(KIND_NEEDS)]) {
    assert.match(words.explanation, /^[A-ZÀ-Ý][^.]*\.$/u, `one sentence: ${words.explanation}`);
  }
});

test('a value the table does not know is shown as it is', () => {
  assert.equal(plainLabel('services', 'Service inventé'), 'Service inventé');
  assert.equal(needWords('Service inventé'), undefined);
  assert.equal(pictogram('Service inventé'), '');
});

test('options come in the order of the declaration, démarches first', () => {
  const options = plainOptions('services');
  assert.equal(options.length, SERVICES.values.length);
  assert.deepEqual(options[0], { value: Service.AideAuxDemarchesAdministratives, label: SERVICE_NEEDS[Service.AideAuxDemarchesAdministratives].label });
});

test('pictograms are tiny inline SVG hidden from screen readers, one drawing per service', () => {
  const drawings = new Set<string>();
  for (const value of [...SERVICES.values, ...KINDS.values]) {
    const svg = pictogram(value);
    assert.match(svg, /^<svg aria-hidden="true" focusable="false" [^>]*viewBox="0 0 24 24"[^>]*><path d="[MLHVCSQTAZmlhvcsqtaz0-9 .,-]+"\/><\/svg>$/, value);
    assert.ok(svg.length < 1200, `${value}: ${svg.length} bytes`);
    if ((SERVICES.values as readonly string[]).includes(value)) drawings.add(svg);
  }
  assert.equal(drawings.size, SERVICES.values.length, 'services are told apart by their pictogram');
});
