// Where tests find their inputs: the project's fixtures, the demo dataset, the shared open data.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
export { DEMO_DATASET } from '../../src/app/bootstrap.ts';

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
/** ../shared/data beside the repository; tests that need it skip when it is absent. */
export const SHARED_DATA = fileURLToPath(new URL('../../../shared/data/', import.meta.url));
export const sharedDataAvailable = existsSync(SHARED_DATA);
export const scratchDir = (name: string) => fileURLToPath(new URL(`../../node_modules/.cache/passerelle-test/${name}/`, import.meta.url));
