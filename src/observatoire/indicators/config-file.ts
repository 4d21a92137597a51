// Owns reading the observatory's configuration file named by PASSERELLE_IFN_CONFIG (a JSON file
// overriding the defaults of config.ts); without the variable, the defaults. Errors say in French
// what is wrong and where.
import { readFileSync } from 'node:fs';
import { DEFAULT_CONFIG, ObservatoireConfigError, parseObservatoireConfig, type ObservatoireConfig } from './config.ts';

export const CONFIG_ENV = 'PASSERELLE_IFN_CONFIG';

export function loadObservatoireConfig(env: NodeJS.ProcessEnv = process.env): ObservatoireConfig {
  const path = env[CONFIG_ENV]?.trim();
  if (!path) return DEFAULT_CONFIG;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ObservatoireConfigError(path, [
      code === 'ENOENT' ? `fichier introuvable (variable ${CONFIG_ENV}).` : `lecture impossible (${code ?? (error as Error).message}).`,
    ]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ObservatoireConfigError(path, [`JSON invalide : ${(error as Error).message}.`]);
  }
  return parseObservatoireConfig(json, path);
}
