import { randomBytes } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { ColumnTypeEnum, type SqlQuery, type SqlResultSet } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { describeUrl, dropDatabaseWith, quoteIdent, withDatabase, withMaintenanceClient } from "./pg-admin";

// The driver adapter the WebAssembly schema engine talks to PostgreSQL through: @prisma/adapter-pg,
// with its 7.10 rough edges for migrations worked around (see each comment).

// OID of PostgreSQL's internal one-byte "char" type (pg_class.relkind, pg_constraint.contype, …).
// The engine's introspection reads such columns as characters, but adapter-pg 7.10 rejects the type
// ("Unsupported column type"). The client below reports those columns as text so adapter-pg decodes
// them (their text form is the one character), and remembers which they were so that track() can
// label them Character again for the engine. On PostgreSQL 18 this matters for every schema:
// NOT NULL constraints now appear in pg_constraint (contype 'n').
const INTERNAL_CHAR_OID = 18;
const TEXT_OID = 25;
const charColumnsByRows = new WeakMap<object, number[]>();

type TFieldResult = { fields?: { dataTypeID: number }[]; rows?: unknown };

function retypeInternalChar<T>(result: T): T {
  const results = (Array.isArray(result) ? result : [result]) as TFieldResult[];
  for (const r of results) {
    const charColumns: number[] = [];
    (r?.fields ?? []).forEach((field, i) => {
      if (field.dataTypeID === INTERNAL_CHAR_OID) {
        field.dataTypeID = TEXT_OID;
        charColumns.push(i);
      }
    });
    if (charColumns.length && r.rows && typeof r.rows === "object") charColumnsByRows.set(r.rows, charColumns);
  }
  return result;
}

type TQueryable = { queryRaw(query: SqlQuery): Promise<SqlResultSet> };

function restoreCharColumns<Q extends TQueryable>(queryable: Q): Q {
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.queryRaw = async (query: SqlQuery) => {
    const resultSet = await queryRaw(query);
    for (const i of charColumnsByRows.get(resultSet.rows) ?? []) resultSet.columnTypes[i] = ColumnTypeEnum.Character;
    return resultSet;
  };
  return queryable;
}

class IntrospectionSafeClient extends pg.Client {
  override query(...args: any[]): any {
    const query = super.query as (...a: any[]) => any;
    const last = args[args.length - 1];
    if (typeof last === "function") {
      args[args.length - 1] = (err: Error | null, res: unknown) => last(err, err ? res : retypeInternalChar(res));
      return query.apply(this, args);
    }
    const out = query.apply(this, args);
    return out && typeof out.then === "function" ? out.then(retypeInternalChar) : out;
  }
}

type TAdapter = Awaited<ReturnType<PrismaPg["connect"]>>;

// adapter-pg's own connectToShadowDb drops the shadow database while its pool still holds a
// connection ("is being accessed by other users") and names it prisma_migrate_shadow_db_<uuid>.
// This one closes the pool first, names the database <db>_shadow_<random>, and remembers what it
// created so a failed run still cleans up.
export class MigrateAdapterFactory extends PrismaPg {
  private readonly adapters: { dispose: () => Promise<void> }[] = [];
  readonly shadowDatabases = new Set<string>();

  constructor(private readonly url: string) {
    super({ connectionString: url, Client: IntrospectionSafeClient, max: 4 });
  }

  override async connect(): Promise<TAdapter> {
    return this.track(await super.connect());
  }

  override async connectToShadowDb(): Promise<TAdapter> {
    const { database } = describeUrl(this.url);
    const shadow = `${database}_shadow_${randomBytes(4).toString("hex")}`;
    await withMaintenanceClient(this.url, (client) => client.query(`CREATE DATABASE ${quoteIdent(shadow)}`));
    this.shadowDatabases.add(shadow);
    const adapter = this.track(await new PrismaPg({ connectionString: withDatabase(this.url, shadow), Client: IntrospectionSafeClient, max: 4 }).connect());
    const closePool = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await closePool();
      await this.dropShadow(shadow);
    };
    return adapter;
  }

  async dropShadow(name: string): Promise<void> {
    if (!this.shadowDatabases.delete(name)) return;
    await withMaintenanceClient(this.url, (client) => dropDatabaseWith(client, name));
  }

  /** Closes every pool the engine opened and drops shadow databases it left behind. */
  async closeAll(): Promise<void> {
    for (const adapter of this.adapters.splice(0)) await adapter.dispose().catch(() => {});
    for (const name of [...this.shadowDatabases]) await this.dropShadow(name).catch(() => {});
  }

  private track(adapter: TAdapter): TAdapter {
    restoreCharColumns(adapter);
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (...args) => restoreCharColumns(await startTransaction(...args));
    // adapter-pg 7.10 runs a script by splitting it on ";", which breaks any migration with a
    // function body ($$ … ; … $$) or a ";" in a comment or string. PostgreSQL runs a multi-statement
    // simple query as one implicit transaction, which is what the native engine relies on too.
    const mapError = (adapter as unknown as { onError(error: unknown): never }).onError.bind(adapter);
    adapter.executeScript = async (script: string) => {
      try {
        await adapter.underlyingDriver().query(script);
      } catch (error) {
        mapError(error);
      }
    };
    // Idempotent dispose: the engine may dispose an adapter, and closeAll disposes the rest.
    const dispose = adapter.dispose.bind(adapter);
    let done: Promise<void> | undefined;
    adapter.dispose = () => (done ??= dispose());
    this.adapters.push(adapter);
    return adapter;
  }
}
