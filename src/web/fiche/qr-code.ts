// Owns the QR codes of the orientation slip: rendered on the server as inline SVG (no image
// request, no script, sharp when printed), named for screen readers.
import QRCode from 'qrcode';
import { escapeHtml, raw, type SafeHtml } from '../html.ts';

/** An inline <svg role="img"> QR code of `url`, described by `label`. */
export async function qrCodeSvg(url: string, label: string): Promise<SafeHtml> {
  const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  if (!svg.startsWith('<svg ')) throw new Error('qrcode returned something other than an SVG element');
  // The markup comes from the library, drawn from our own URL; the label is escaped.
  return raw(svg.trim().replace('<svg ', `<svg class="qr" role="img" aria-label="${escapeHtml(label)}" focusable="false" `));
}
