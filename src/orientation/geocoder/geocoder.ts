// Owns the geocoder port: turning an address typed by a person into places on the map. The search
// depends on this interface only; adapters (ban-geocoder.ts) talk to a real service.

export type GeocodedAddress = {
  /** The address as the service writes it: "8 Boulevard du Port 80000 Amiens". */
  label: string;
  latitude: number;
  longitude: number;
  /** INSEE code of the commune. */
  citycode: string;
  postcode?: string;
  /** Confidence of the service, from 0 to 1. */
  score: number;
  /** housenumber, street, locality or municipality. */
  type: string;
};

export interface Geocoder {
  /** Best matches first; [] when nothing matches. Throws GeocoderUnavailableError when the service fails. */
  search(text: string, options?: { limit?: number }): Promise<GeocodedAddress[]>;
}

export type GeocoderFailure = 'timeout' | 'network' | 'http' | 'malformed';

/**
 * The address service could not answer. The message is for people; it never holds the address
 * that was searched (it may be someone's home), so logging the error leaks nothing personal.
 */
export class GeocoderUnavailableError extends Error {
  readonly reason: GeocoderFailure;
  readonly status?: number;

  constructor(reason: GeocoderFailure, status?: number) {
    super("La recherche d'adresse ne répond pas pour le moment. Cherchez par commune ou par code postal.");
    this.name = 'GeocoderUnavailableError';
    this.reason = reason;
    if (status !== undefined) this.status = status;
  }
}
