// Bounding boxes of the French territories (metropolitan France, Corsica and the overseas
// départements and collectivités), with a margin, to catch swapped or impossible coordinates.
const FRENCH_BOXES: readonly [south: number, west: number, north: number, east: number][] = [
  [41.2, -5.6, 51.2, 9.9], // metropolitan France and Corsica
  [15.8, -61.9, 16.6, -60.9], // Guadeloupe
  [14.3, -61.3, 14.9, -60.7], // Martinique
  [2.0, -54.7, 6.0, -51.5], // Guyane
  [-21.5, 55.1, -20.8, 55.9], // La Réunion
  [-13.1, 44.9, -12.5, 45.4], // Mayotte
  [46.7, -56.5, 47.2, -56.0], // Saint-Pierre-et-Miquelon
  [17.8, -63.2, 18.2, -62.7], // Saint-Martin, Saint-Barthélemy
  [-28.0, -155.0, -7.0, -134.0], // Polynésie française
  [-23.0, 163.5, -19.5, 168.2], // Nouvelle-Calédonie
  [-14.5, -178.3, -13.1, -176.0], // Wallis-et-Futuna
];

export function isInFrance(latitude: number, longitude: number): boolean {
  return FRENCH_BOXES.some(([s, w, n, e]) => latitude >= s && latitude <= n && longitude >= w && longitude <= e);
}
