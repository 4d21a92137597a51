// The html tagged template and safeUrl (src/web/html.ts): every interpolated value is escaped
// unless it is a SafeHtml fragment, and only http(s), tel, mailto and relative URLs get through.
// Pure functions: no browser needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { html, raw, safeUrl, escapeHtml, SafeHtml } from '../../src/web/html.ts';

test('interpolated strings are escaped in element bodies and quoted attributes', () => {
  const name = '<script>alert(1)</script>';
  const attribute = '" onmouseover="alert(1)';
  const out = html`<p title="${attribute}">${name}</p><p title='${"' autofocus onfocus='x"}'>&</p>`.value;
  assert.equal(out, '<p title="&quot; onmouseover=&quot;alert(1)">&lt;script&gt;alert(1)&lt;/script&gt;</p><p title=\'&#39; autofocus onfocus=&#39;x\'>&</p>');
  assert.equal(escapeHtml(`&<>"'`), '&amp;&lt;&gt;&quot;&#39;');
});

test('fragments nest without double escaping; arrays join; null, undefined and false print nothing', () => {
  const items = ['a&b', '<i>'].map((t) => html`<li>${t}</li>`);
  const out = html`<ul>${items}</ul>${null}${undefined}${false}${0}${html`<b>${'x'}</b>`}`;
  assert.ok(out instanceof SafeHtml);
  assert.equal(out.value, '<ul><li>a&amp;b</li><li>&lt;i&gt;</li></ul>0<b>x</b>');
  assert.equal(String(out), out.value);
});

test('raw() marks a trusted constant as HTML; a plain string that looks like a fragment is still escaped', () => {
  const icon = raw('<svg aria-hidden="true"></svg>');
  assert.equal(html`${icon}`.value, '<svg aria-hidden="true"></svg>');
  const lookalike = { value: '<b>x</b>', toString: () => '<b>x</b>' };
  assert.equal(html`${lookalike as unknown as string}`.value, '&lt;b&gt;x&lt;/b&gt;');
});

test('safeUrl lets http(s), tel, mailto and relative URLs through', () => {
  for (const url of ['https://exemple.fr/a?b=c#d', 'http://exemple.fr', 'HTTPS://EXEMPLE.FR', 'tel:+33476000000', 'mailto:a@exemple.fr', '/lieux/1', 'lieux/1?x=a:b', '?page=2', '#contenu', '//exemple.fr/x']) {
    assert.equal(safeUrl(url), url, url);
  }
  assert.equal(safeUrl('  https://exemple.fr  '), 'https://exemple.fr');
});

test('safeUrl refuses javascript:, data:, vbscript: and unknown schemes, however they are disguised', () => {
  for (const url of [
    'javascript:alert(1)', 'JavaScript:alert(1)', ' javascript:alert(1)', '\u0000javascript:alert(1)', 'java\tscript:alert(1)',
    'java\nscript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)',
    'file:///etc/passwd', 'ftp://exemple.fr', '', '   ', undefined, null,
  ]) {
    assert.equal(safeUrl(url), undefined, JSON.stringify(url));
  }
});

test('an entity-encoded scheme stays text: escaped, the browser reads a harmless relative URL', () => {
  const url = safeUrl('jav&#x09;ascript:alert(1)');
  assert.equal(html`<a href="${url}">x</a>`.value, '<a href="jav&amp;#x09;ascript:alert(1)">x</a>');
});

test('a javascript: URL never reaches an href: the page shows the link without it', () => {
  const site = 'javascript:alert(document.cookie)';
  const url = safeUrl(site);
  const out = html`${url ? html`<a href="${url}">${site}</a>` : site}`.value;
  assert.equal(out, 'javascript:alert(document.cookie)');
  assert.ok(!out.includes('href'));
});
