// Owns the observatory's page table (registered by web/routes.ts): the map and table, the
// territory sheets, the comparison, the white zones, and the outlines of the map layers.
import type { PageRoute } from '../page-route.ts';
import { indexPages } from './index-page.ts';
import { territoryPages } from './territory-page.ts';
import { comparePages } from './compare-page.ts';
import { whiteZonePages } from './white-zones-page.ts';
import { outlinePages } from './outline-route.ts';

// Static paths first: /observatoire/comparer is not a level.
export const observatoirePages: PageRoute[] = [...indexPages, ...comparePages, ...whiteZonePages, ...outlinePages, ...territoryPages];
