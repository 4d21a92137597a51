// Placeholder filled by the export module (see lieux/export).
import type { FastifyInstance } from 'fastify';
import type { Db } from '../platform/db.ts';

export function registerExportRoutes(_app: FastifyInstance, _db: Db): void {}
