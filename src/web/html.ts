// Owns HTML escaping: the `html` tagged template escapes every interpolated value unless it is
// already a SafeHtml fragment, so page code cannot print people's text as markup by mistake.
//
// Rules for callers: always quote attribute values (`href="${url}"`), and pass every URL that
// comes from data through safeUrl() — escaping alone does not stop a `javascript:` link.

/** A fragment of HTML that is safe to insert as is (built by `html` or declared trusted by `raw`). */
export class SafeHtml {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}

/** What may be interpolated. null, undefined and false print nothing, so `${cond && html`…`}` works. */
export type HtmlValue = SafeHtml | string | number | bigint | null | undefined | false | readonly HtmlValue[];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for an HTML element body or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** Marks a trusted constant (inline SVG, a fixed snippet) as HTML. Never pass people's text here. */
export function raw(trusted: string): SafeHtml {
  return new SafeHtml(trusted);
}

const ALLOWED_SCHEMES = new Set(['http', 'https', 'tel', 'mailto']);

/**
 * The URL itself when it is safe in an href or src: http(s), tel, mailto or a relative URL;
 * undefined otherwise (javascript:, data:, vbscript:, unknown schemes). Browsers ignore leading
 * control characters and tabs or newlines anywhere in a URL ("java\tscript:"), so they are
 * removed before the scheme is read, and from the URL that is returned.
 */
export function safeUrl(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  // eslint-disable-next-line no-control-regex
  const cleaned = url.replace(/[\t\n\r]/g, '').replace(/^[\x00-\x20]+|[\x00-\x20]+$/g, '');
  if (cleaned === '') return undefined;
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(cleaned)?.[1];
  if (scheme === undefined) {
    // A relative URL; a colon before any / ? # would make some parsers read a scheme.
    const firstPart = cleaned.split(/[/?#]/, 1)[0]!;
    // eslint-disable-next-line no-control-regex
    return firstPart.includes(':') || /[\x00-\x1f]/.test(cleaned) ? undefined : cleaned;
  }
  return ALLOWED_SCHEMES.has(scheme.toLowerCase()) ? cleaned : undefined;
}
