// Owns the round-trip property of the CSV readers, without a database: random valid places whose
// text holds quotes, both separators, line breaks, accents, emojis and surrounding spaces are
// written as CSV (random separator, encoding, column order, quoting and line ends) by a small
// serializer of this file, then read back through openImportFile(...).rows() and map: every
// value comes back as written (trimmed, as the reader trims), on the line it starts on.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { isUtf8 } from 'node:buffer';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import type { LieuData } from '../../src/lieux/domain/lieu.ts';
import { FRAIS, SERVICES } from '../../src/lieux/domain/enums.ts';
import { openImportFile } from '../../src/lieux/formats/registry.ts';
import { detectEncoding } from '../../src/lieux/formats/readers.ts';
import { scratchDir } from '../support/paths.ts';

// ---- generated places -------------------------------------------------------------------

const WORDS = ['Espace', 'numérique', 'Médiathèque', 'Œuvre', 'Zoé', 'café', 'ÉTÉ', 'L’Haÿ', 'rue', '12', 'bis'];
const TRICKY = ['"', '""', "'", ',', ';', '\t', '\n', '\r\n', ' ', '  ', '|', '«', '»', '—', '€', '😀', '👩‍💻', 'ñ', '#', '=', '<b>', '\u00a0'];
/** Free text: words and every character that CSV writers and readers get wrong. */
const freeText = fc.array(fc.constantFrom(...WORDS, ...TRICKY), { minLength: 1, maxLength: 10 }).map((parts) => parts.join(''));
const nonBlank = (text: fc.Arbitrary<string>) => text.filter((s) => s.trim() !== '');
const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });

// The standard's address parts only admit some characters (see Adresse in the ANCT library).
const voie = nonBlank(fc.array(fc.constantFrom('12', 'rue', 'de la', 'Paix', 'Église', ' ', ',', ';', '(', ')', '°', '.', '&', ':', '+', '–', '|', "'", '’', '/', '-', '\n'), { minLength: 1, maxLength: 8 }).map((p) => p.join('')));
const commune = nonBlank(fc.array(fc.constantFrom('Saint', 'Étienne', 'L', "'", '’', 'Haÿ', '-', ' ', 'les', 'Roses', 'Œ'), { minLength: 1, maxLength: 6 }).map((p) => p.join('')));

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
/** A coordinate as written in a file: a random number of decimals, a point or a comma. */
const coordinate = (min: number, max: number) =>
  fc.tuple(fc.double({ min, max, noNaN: true }), fc.integer({ min: 0, max: 7 }), fc.boolean()).map(([v, decimals, comma]) => {
    const text = v.toFixed(decimals);
    return comma ? text.replace('.', ',') : text;
  });
const isoDate = fc.date({ min: new Date('2000-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const subset = (values: readonly string[]) => fc.uniqueArray(fc.constantFrom(...values), { minLength: 1, maxLength: 3 });

const place = fc.record({
  id: nonBlank(freeText),
  pivot: fc.oneof(digits(14), digits(9).map((d) => `W${d}`)),
  nom: nonBlank(freeText),
  adresse: voie,
  commune,
  code_postal: digits(5),
  // Metropolitan France, away from the edges of its bounding box.
  position: optional(fc.tuple(coordinate(42.5, 50.5), coordinate(-4.5, 7.5))),
  services: optional(subset(SERVICES.values)),
  frais_a_charge: optional(subset(FRAIS.values)),
  horaires: optional(fc.constantFrom('Mo-Fr 09:00-12:00,14:00-17:00', 'Fr[1] 17:00-19:00', 'Mo-Fr 09:00-12:00; PH off', 'Tu,Th 14:00-18:00')),
  date_maj: fc.tuple(isoDate, fc.boolean()).map(([iso, french]) => (french ? iso.split('-').reverse().join('/') : iso)),
  presentation_resume: optional(freeText),
  presentation_detail: optional(freeText),
  source: optional(freeText),
  autres_formations_labels: optional(fc.array(freeText.map((s) => s.replaceAll('|', '/')), { minLength: 1, maxLength: 3 })),
});
type Place = typeof place extends fc.Arbitrary<infer P> ? P : never;
const COLUMNS = [
  'id', 'pivot', 'nom', 'adresse', 'commune', 'code_postal', 'latitude', 'longitude', 'services', 'frais_a_charge', 'horaires',
  'date_maj', 'presentation_resume', 'presentation_detail', 'source', 'autres_formations_labels', 'commentaire_interne',
];

/** The cells of a place, by column; lists joined with '|' as the standard says. */
function cells(p: Place): Record<string, string> {
  return {
    id: p.id, pivot: p.pivot, nom: p.nom, adresse: p.adresse, commune: p.commune, code_postal: p.code_postal,
    latitude: p.position?.[0] ?? '', longitude: p.position?.[1] ?? '',
    services: p.services?.join('|') ?? '', frais_a_charge: p.frais_a_charge?.join('|') ?? '', horaires: p.horaires ?? '',
    date_maj: p.date_maj, presentation_resume: p.presentation_resume ?? '', presentation_detail: p.presentation_detail ?? '',
    source: p.source ?? '', autres_formations_labels: p.autres_formations_labels?.join('|') ?? '',
    // Not a column of the standard: read and ignored.
    commentaire_interne: 'à ignorer ; "vraiment"',
  };
}

/** What the reader must give back: every value trimmed, empty values absent. */
function expectedData(p: Place): LieuData {
  const t = (s: string | undefined) => (s === undefined || s.trim() === '' ? undefined : s.trim());
  const list = (items: string[] | undefined) => {
    const kept = [...new Set((items ?? []).map((s) => s.trim()).filter((s) => s !== ''))];
    return kept.length > 0 ? kept : undefined;
  };
  const data: LieuData = {
    id: p.id.trim(), pivot: p.pivot, nom: p.nom.trim(),
    adresse: { voie: p.adresse.trim(), code_postal: p.code_postal, commune: p.commune.trim() },
    date_maj: p.date_maj.includes('/') ? p.date_maj.split('/').reverse().join('-') : p.date_maj,
  };
  const number = (s: string) => Number(s.replace(',', '.'));
  if (p.position) data.localisation = { latitude: number(p.position[0]), longitude: number(p.position[1]) };
  if (p.horaires) data.horaires = p.horaires;
  const resume = t(p.presentation_resume);
  const detail = t(p.presentation_detail);
  if (resume !== undefined || detail !== undefined) data.presentation = { ...(resume !== undefined && { resume }), ...(detail !== undefined && { detail }) };
  if (t(p.source) !== undefined) data.source = t(p.source)!;
  if (p.services) data.services = p.services;
  if (p.frais_a_charge) data.frais_a_charge = p.frais_a_charge;
  const autres = list(p.autres_formations_labels);
  if (autres) data.autres_formations_labels = autres;
  return data;
}

// ---- the test-side CSV serializer ---------------------------------------------------------

type Layout = { delimiter: ';' | ','; eol: '\n' | '\r\n'; finalEol: boolean; upperHeader: boolean; quoteAll: boolean };
const layout = fc.record({
  delimiter: fc.constantFrom(';' as const, ',' as const),
  eol: fc.constantFrom('\n' as const, '\r\n' as const),
  finalEol: fc.boolean(),
  upperHeader: fc.boolean(),
  quoteAll: fc.boolean(),
});

/** RFC 4180: a cell holding the separator, a quote or a line break is quoted, its quotes doubled. */
function cell(value: string, l: Layout): string {
  const mustQuote = value.includes(l.delimiter) || /["\r\n]/.test(value);
  return mustQuote || (l.quoteAll && value !== '') ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The CSV text and the line each data row starts on. */
function serialize(columns: string[], rows: Record<string, string>[], l: Layout): { text: string; lines: number[] } {
  const header = columns.map((c) => (l.upperHeader ? c.toUpperCase() : c)).join(l.delimiter);
  let text = header + l.eol;
  const lines: number[] = [];
  rows.forEach((row, i) => {
    lines.push(1 + (text.match(/\r\n|\r|\n/g)?.length ?? 0));
    text += columns.map((c) => cell(row[c]!, l)).join(l.delimiter);
    if (i < rows.length - 1 || l.finalEol) text += l.eol;
  });
  return { text, lines };
}

type Encoding = 'utf-8' | 'utf-8-bom' | 'windows-1252';
function encode(text: string, wanted: Encoding): { bytes: Buffer; encoding: Encoding } {
  if (wanted === 'windows-1252') {
    const bytes = iconv.encode(text, 'windows-1252');
    const representable = iconv.decode(bytes, 'windows-1252') === text;
    // Windows-1252 bytes that also form valid UTF-8 (say "é«»") are legitimately read as UTF-8:
    // no detection can tell them apart, so such texts are written in UTF-8 instead.
    const ambiguous = isUtf8(bytes) && /[^\x00-\x7f]/.test(text);
    if (representable && !ambiguous) return { bytes, encoding: 'windows-1252' };
  }
  if (wanted === 'utf-8-bom') return { bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]), encoding: wanted };
  return { bytes: Buffer.from(text, 'utf8'), encoding: 'utf-8' };
}

// ---- the properties -----------------------------------------------------------------------

// A directory of this run's own: the suite may run twice at once in the same tree.
mkdirSync(scratchDir('csv-properties'), { recursive: true });
const dir = `${mkdtempSync(`${scratchDir('csv-properties')}run-`)}/`;
after(() => rmSync(dir, { recursive: true, force: true }));

test('places written as CSV are read back exactly, whatever the separator, encoding, quoting and column order', async () => {
  let windows1252 = 0;
  // Texts drawn at random are often not representable in Windows-1252 (they are then written in
  // UTF-8): run more rounds until some files were, so that encoding is always covered.
  for (let round = 0; round < 5 && windows1252 === 0; round++) await fc.assert(
    fc.asyncProperty(
      fc.array(place, { minLength: 1, maxLength: 5 }),
      layout,
      fc.constantFrom<Encoding>('utf-8', 'utf-8-bom', 'windows-1252'),
      fc.shuffledSubarray(COLUMNS, { minLength: COLUMNS.length }),
      async (places, l, wanted, columns) => {
        const rows = places.map(cells);
        assert.deepEqual(Object.keys(rows[0]!).sort(), [...COLUMNS].sort());
        const { text, lines } = serialize(columns, rows, l);
        const { bytes, encoding } = encode(text, wanted);
        if (encoding === 'windows-1252') windows1252++;
        const path = `${dir}places.csv`;
        writeFileSync(path, bytes);

        const opened = await openImportFile(path);
        assert.equal(opened.format, 'lieux-csv');
        const ascii = !/[^\x00-\x7f]/.test(text);
        assert.deepEqual(opened.details, { encoding: encoding === 'windows-1252' && !ascii ? 'windows-1252' : 'utf-8', delimiter: l.delimiter });
        const read: { line: number; data: LieuData | undefined; issues: unknown[] }[] = [];
        for await (const { line, record, issues } of opened.rows()) {
          const result = opened.map(record, line);
          read.push({ line, data: result.data, issues: [...(issues ?? []), ...result.issues] });
        }
        assert.deepEqual(read, places.map((p, i) => ({ line: lines[i]!, data: expectedData(p), issues: [] })));
      },
    ),
    { numRuns: 150, includeErrorInReport: true },
  );
  assert.ok(windows1252 > 0, 'some files were written in Windows-1252');
});

test('a Windows-1252 file is recognised even when its only accent is its very last byte', () => {
  const bytes = iconv.encode('id;nom\r\n1;Café', 'windows-1252');
  assert.equal(detectEncoding(bytes), 'windows-1252');
  // The beginning of a longer UTF-8 file may end inside a character: that is still UTF-8.
  const cut = Buffer.from('id;nom\r\n1;Café', 'utf8');
  assert.equal(detectEncoding(cut.subarray(0, cut.length - 1), true), 'utf-8');
});
