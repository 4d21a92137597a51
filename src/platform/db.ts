// Owns the connection to PostgreSQL: embedded PGlite by default, a PostgreSQL server when
// DATABASE_URL is set. Both are exposed through the same tiny interface so that every module
// writes plain SQL once and the test suite runs unchanged on both backends.
import { mkdirSync } from 'node:fs';
import pg from 'pg';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface Db extends Queryable {
  readonly backend: 'pglite' | 'postgres';
  /** Runs fn in one transaction: everything or nothing is written. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
  /**
   * PGlite only: calls onNotify after each committed transaction that sent a notification on the
   * channel. Only the embedded database has it, because all its writers are in this process.
   */
  listen?: (channel: string, onNotify: () => void) => Promise<void>;
  /** PGlite only: the whole database as a tarball (test templates). */
  dump?: () => Promise<Blob | File>;
}

export type DbOptions =
  | { backend: 'pglite'; dataDir?: string; loadDataDir?: Blob }
  | { backend: 'postgres'; url: string; schema?: string; maxConnections?: number };

// Dates (type 1082) stay 'YYYY-MM-DD' strings and bigints become numbers on both backends,
// so domain code never sees a backend-specific representation.
const DATE_OID = 1082;
const INT8_OID = 20;
const NUMERIC_OID = 1700;
const TEXT_ARRAY_OID = 1009;
const asString = (v: string) => v;
const asNumber = (v: string) => Number(v);

export async function openDb(options: DbOptions): Promise<Db> {
  return options.backend === 'pglite' ? openPglite(options.dataDir, options.loadDataDir) : openPostgres(options);
}

async function openPglite(dataDir?: string, loadDataDir?: Blob): Promise<Db> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const lite = await PGlite.create(dataDir, {
    ...(loadDataDir && { loadDataDir }),
    extensions: { pg_trgm },
    parsers: { [DATE_OID]: asString, [INT8_OID]: asNumber, [NUMERIC_OID]: asNumber },
    serializers: {
      [pgliteTypes.JSONB]: (v: unknown) => binaryJsonb(serializeJson(v)),
      [pgliteTypes.JSON]: (v: unknown) => binaryText(serializeJson(v)),
      [pgliteTypes.TEXT]: (v: unknown) => binaryText(String(v)),
    } as never,
  });
  // PGlite sets the serializers of array types once open, over those given to create.
  const serializers = lite.serializers as Record<number, (v: unknown) => string | Uint8Array>;
  const textArrayAsText = serializers[TEXT_ARRAY_OID]!;
  serializers[TEXT_ARRAY_OID] = (v) => binaryTextArray(v) ?? textArrayAsText(v);
  const run = async <T>(q: { query: PGlite['query'] }, sql: string, params?: unknown[]) =>
    (await q.query<T>(sql, params as unknown[])).rows;
  return {
    backend: 'pglite',
    query: (sql, params) => run(lite, sql, params),
    transaction: (fn) => lite.transaction((tx) => fn({ query: (sql, params) => run(tx, sql, params) })),
    exec: async (sql) => {
      await lite.exec(sql);
    },
    close: () => lite.close(),
    listen: async (channel, onNotify) => {
      await lite.listen(channel, () => onNotify());
    },
    dump: () => lite.dumpDataDir('none'),
  };
}

// Strings given for json/jsonb parameters are already JSON; objects are serialised.
function serializeJson(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

// PGlite measures the UTF-8 length of a text parameter character by character in JavaScript,
// twice, before encoding it: about a quarter of the time it takes to receive a batch of 1,000
// places as JSON (1.5 MB; 25 → 19 ms measured). Long values are sent in the binary format
// instead, which is the UTF-8 bytes themselves (after a version byte for jsonb), encoded natively.
const BINARY_FROM_CHARS = 256;
const JSONB_BINARY_VERSION = Buffer.from([1]);
function binaryText(text: string): string | Uint8Array {
  return text.length < BINARY_FROM_CHARS ? text : Buffer.from(text, 'utf8');
}
function binaryJsonb(json: string): string | Uint8Array {
  return json.length < BINARY_FROM_CHARS ? json : Buffer.concat([JSONB_BINARY_VERSION, Buffer.from(json, 'utf8')]);
}

// A text[] of strings (such as the data of a batch of new places, one JSON document each) goes in
// the binary array format: a header, then each element's length and UTF-8 bytes. In the text
// format PGlite writes, every quote of the JSON is escaped, then unescaped by array_in; and its
// array writer cannot take the binary values the text serializer above gives long strings.
function binaryTextArray(value: unknown): Uint8Array | undefined {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' || v === null)) return undefined;
  const elements = (value as (string | null)[]).map((v) => (v === null ? null : Buffer.from(v, 'utf8')));
  const header = Buffer.alloc(20 + 4 * elements.length);
  header.writeInt32BE(1, 0); // dimensions
  header.writeInt32BE(elements.includes(null) ? 1 : 0, 4); // has nulls
  header.writeInt32BE(pgliteTypes.TEXT, 8); // element type
  header.writeInt32BE(elements.length, 12);
  header.writeInt32BE(1, 16); // lower bound
  const parts: Buffer[] = [];
  let offset = 20;
  for (const element of elements) {
    header.writeInt32BE(element === null ? -1 : element.length, offset);
    parts.push(header.subarray(offset, offset + 4));
    if (element) parts.push(element);
    offset += 4;
  }
  return Buffer.concat([header.subarray(0, 20), ...parts]);
}

async function openPostgres(options: { url: string; schema?: string; maxConnections?: number }): Promise<Db> {
  const typeParsers = {
    getTypeParser: (oid: number, format?: 'text' | 'binary') => {
      if (oid === DATE_OID) return asString;
      if (oid === INT8_OID || oid === NUMERIC_OID) return asNumber;
      return pg.types.getTypeParser(oid, format);
    },
  };
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections ?? 10,
    types: typeParsers,
    // Extensions live in public; a test schema is searched first.
    options: options.schema ? `-c search_path=${options.schema},public` : undefined,
  });
  if (options.schema) {
    const admin = new pg.Client({ connectionString: options.url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA IF NOT EXISTS "${options.schema.replaceAll('"', '')}"`);
    await admin.end();
  }
  const run = async <T>(q: pg.Pool | pg.PoolClient, sql: string, params?: unknown[]) =>
    (await q.query(sql, params?.map(pgParam))).rows as T[];
  return {
    backend: 'postgres',
    query: (sql, params) => run(pool, sql, params),
    transaction: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({ query: (sql, params) => run(client, sql, params) });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    exec: async (sql) => {
      await pool.query(sql);
    },
    close: () => pool.end(),
  };
}

// node-postgres sends JS arrays as PostgreSQL arrays; plain objects must be JSON text.
function pgParam(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date) && !Buffer.isBuffer(value)) {
    return JSON.stringify(value);
  }
  return value;
}
