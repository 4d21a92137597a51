// Owns how the page-weight benchmark's local servers compress: the same negotiation and settings as
// Passerelle's @fastify/compress (brotli quality 4 when the browser accepts it, else gzip at zlib's
// default level 6, nothing under 1,024 bytes), so both sides are served the same way.
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export const GZIP_LEVEL = 6;
export const BROTLI_QUALITY = 4;
const THRESHOLD = 1024;
/** @fastify/compress's compressible types, less octet-stream. */
export const COMPRESSIBLE = /^text\/|(\+|\/)(json|xml)(;|$)/;

export function compress(body: Buffer, type: string, acceptEncoding: string | string[] | undefined): { body: Buffer; encoding: string | null } {
  const accepted = String(acceptEncoding ?? '');
  if (body.length < THRESHOLD || !COMPRESSIBLE.test(type.split(';')[0]!)) return { body, encoding: null };
  if (/\bbr\b/.test(accepted)) {
    return {
      body: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY } }),
      encoding: 'br',
    };
  }
  if (/\bgzip\b/.test(accepted)) return { body: gzipSync(body, { level: GZIP_LEVEL }), encoding: 'gzip' };
  return { body, encoding: null };
}
