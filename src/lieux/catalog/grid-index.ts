// Owns the spatial index of the catalog: located places bucketed in cells of 0.05° × 0.05°
// (about 5.5 × 3.7 km in mainland France), so "places within r of a point" reads the few cells
// the circle touches instead of every place. Built once per catalog snapshot, on first use.
import { distanceMeters, type LatLon } from '../dedup/geo.ts';
import type { CatalogSnapshot } from './catalog.ts';

const CELL = 0.05;
const DEGREE_M = 111_195; // metres per degree of latitude (great circle, mean radius)

export type GridIndex = {
  /** Positions of the located places within `radius` metres of the point, with their distance. */
  within(point: LatLon, radius: number): Map<number, number>;
};

const grids = new WeakMap<CatalogSnapshot, GridIndex>();

export function gridOf(snapshot: CatalogSnapshot): GridIndex {
  let grid = grids.get(snapshot);
  if (!grid) grids.set(snapshot, (grid = build(snapshot)));
  return grid;
}

const key = (row: number, column: number) => `${row}:${column}`;

function build(snapshot: CatalogSnapshot): GridIndex {
  const cells = new Map<string, number[]>();
  const { entries } = snapshot;
  entries.forEach((e, p) => {
    if (e.latitude === null || e.longitude === null) return;
    const k = key(Math.floor(e.latitude / CELL), Math.floor(e.longitude / CELL));
    const cell = cells.get(k);
    if (cell) cell.push(p);
    else cells.set(k, [p]);
  });
  return {
    within(point, radius) {
      const found = new Map<number, number>();
      const dLat = (radius / DEGREE_M) * 1.01 + 1e-9; // the margin also covers cell edges at r = 0
      const dLon = dLat / Math.max(Math.cos((Math.min(Math.abs(point.latitude) + dLat, 89.9) * Math.PI) / 180), 1e-6);
      const rows = [Math.floor((point.latitude - dLat) / CELL), Math.floor((point.latitude + dLat) / CELL)] as const;
      const columns = [Math.floor((point.longitude - dLon) / CELL), Math.floor((point.longitude + dLon) / CELL)] as const;
      // A circle wider than the country: every cell is cheaper than every key.
      const everyCell = (rows[1] - rows[0] + 1) * (columns[1] - columns[0] + 1) > cells.size;
      const lists = everyCell ? cells.values() : (function* () {
        for (let r = rows[0]; r <= rows[1]; r++) for (let c = columns[0]; c <= columns[1]; c++) {
          const cell = cells.get(key(r, c));
          if (cell) yield cell;
        }
      })();
      for (const list of lists) {
        for (const p of list) {
          const e = entries[p]!;
          const d = distanceMeters(point, { latitude: e.latitude!, longitude: e.longitude! });
          if (d <= radius) found.set(p, d);
        }
      }
      return found;
    },
  };
}
