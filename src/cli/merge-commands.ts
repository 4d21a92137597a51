// Filled by the export module.
import type { Command } from './main.ts';
export const commands: Record<string, Command> = {};
