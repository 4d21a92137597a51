// Owns the site's public address for links that leave the site (QR codes, texts, e-mails):
// PASSERELLE_PUBLIC_URL when set (always in production), else the address the request came to.
import type { FastifyRequest } from 'fastify';
import { loadConfig } from '../app/config.ts';

export function publicBase(request: FastifyRequest): string {
  const configured = loadConfig().publicUrl;
  if (configured) return configured;
  // Only a plain host name or address: a forged Host header cannot inject anything else.
  const host = /^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/i.test(request.host) ? request.host : 'localhost';
  return `${request.protocol}://${host}`;
}

/** Cookies are marked Secure when the site is served over https. */
export const isSecureSite = (request: FastifyRequest) => publicBase(request).startsWith('https:');
