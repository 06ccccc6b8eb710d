import { AppError, conflict, notFound } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { createServedVersion, type TServedVersion } from "@/lib/serving/create-served-version";
import { loadServedModel } from "@/lib/serving/load-served-model";
import { loadServingFingerprints } from "@/lib/serving/load-serving-fingerprints";
import { loadServingRoles } from "@/lib/serving/load-serving-roles";
import { loadVersionByNumber } from "@/lib/serving/load-version-by-number";
import { loadVersionStages } from "@/lib/serving/load-version-stages";
import { toServingSpec } from "@/lib/serving/serving-spec";
import type { TServedModel, TServingRoles, TServingVersionRow } from "@/lib/serving/types";

/** A model serve knows, with the roles its versions play right now (replaced whole on a refresh). */
export type TModelEntry = { readonly model: TServedModel; roles: TServingRoles };

export type TLeaseTarget = "PRODUCTION" | "STAGING" | "CHALLENGER" | number;

export type TModelRegistry = {
  /** The model a URL names; loaded on first use, concurrent first requests share one load. 404 if none. */
  model(teamSlug: string, name: string): Promise<TModelEntry>;
  /**
   * Takes a reference on the version answering for `target` (a stage, the challenger, or a version
   * number), loading its session on first use; the caller releases it when its response is done.
   * 409 when no version plays that role, 404 for an unknown number.
   */
  lease(entry: TModelEntry, target: TLeaseTarget): Promise<TServedVersion>;
  /** Re-reads a model's roles; new sessions are loaded before the swap, old ones retire when idle. */
  refresh(modelId: string): Promise<void>;
  /** The timer's check: refreshes every model whose roles changed in the database; evicts idle pinned versions. */
  refreshAll(): Promise<void>;
  stats(): { models: number; sessions: number; inflight: number };
  close(): Promise<void>;
};

type TSlot = { modelId: string; promise: Promise<TServedVersion>; version: TServedVersion | null; pinnedAt: number; retired: boolean };
type TEntryState = TModelEntry & { queued: Promise<void> | null; chain: Promise<void>; numbers: Map<number, string> };

const LEASE_ATTEMPTS = 5;

function roleRow(entry: TModelEntry, target: "PRODUCTION" | "STAGING" | "CHALLENGER"): TServingVersionRow {
  const { roles, model } = entry;
  if (target === "PRODUCTION") {
    if (!roles.production) throw conflict(`${model.name} has no production version yet: promote one, or ask for ?stage=staging or /versions/{n}/predict`);
    return roles.production;
  }
  if (target === "STAGING") {
    if (!roles.staging) throw conflict(`${model.name} has no staging version`);
    return roles.staging;
  }
  if (!roles.challenger) throw conflict(`${model.name} has no challenger`);
  return roles.challenger.row;
}

/**
 * The sessions of one serve replica: one onnxruntime session per version, shared by every request
 * and role (a staging version that is also the challenger is loaded once). Sessions load lazily and
 * stay warm while their version plays a role; a version asked for by number stays warm for
 * `pinnedIdleMs` after its last request.
 */
export function createModelRegistry(opts: { pinnedIdleMs?: number } = {}): TModelRegistry {
  const pinnedIdleMs = opts.pinnedIdleMs ?? 10 * 60_000;
  const byKey = new Map<string, { entry: TEntryState | null; promise: Promise<TEntryState> }>();
  const byId = new Map<string, TEntryState>();
  const slots = new Map<string, TSlot>();

  function retireSlot(id: string, slot: TSlot) {
    slot.retired = true;
    if (slots.get(id) === slot) slots.delete(id);
    slot.version?.retire();
  }

  function slotFor(model: TServedModel, row: TServingVersionRow): TSlot {
    const existing = slots.get(row.id);
    if (existing) return existing;
    // Throws 409/422 for a version serve cannot answer with; nothing is cached then.
    const spec = toServingSpec(row, model.task);
    // `promise` is set just below; its callbacks need the slot they fill in.
    const slot = { modelId: model.id, version: null, pinnedAt: 0, retired: false } as Omit<TSlot, "promise"> as TSlot;
    slot.promise = createServedVersion(spec, row.stage).then(
      (version) => {
        slot.version = version;
        if (slot.retired) version.retire();
        return version;
      },
      (err: unknown) => {
        if (slots.get(row.id) === slot) slots.delete(row.id);
        throw err instanceof AppError ? err : new AppError("unavailable", `v${row.number} of ${model.name} could not be loaded: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      },
    );
    slots.set(row.id, slot);
    return slot;
  }

  async function loadEntry(teamSlug: string, name: string): Promise<TEntryState> {
    const model = await loadServedModel(teamSlug, name);
    if (!model) throw notFound("Model");
    const known = byId.get(model.id);
    if (known) return known;
    const roles = (await loadServingRoles([model.id])).get(model.id)!;
    const entry: TEntryState = { model, roles, queued: null, chain: Promise.resolve(), numbers: new Map() };
    byId.set(model.id, entry);
    return entry;
  }

  async function doRefresh(entry: TEntryState): Promise<void> {
    const roles = (await loadServingRoles([entry.model.id])).get(entry.model.id)!;
    const before = entry.roles;
    // A role that changes hands is loaded first when its previous holder was warm, so requests keep
    // being answered by the old version until the new one is ready.
    const pairs: [TServingVersionRow | null, TServingVersionRow | null][] = [
      [before.production, roles.production],
      [before.staging, roles.staging],
      [before.challenger?.row ?? null, roles.challenger?.row ?? null],
    ];
    for (const [was, now] of pairs) {
      if (!now || now.id === was?.id || !was || !slots.get(was.id)?.version) continue;
      try {
        await slotFor(entry.model, now).promise;
      } catch (err) {
        logger.warn("could not preload the version taking over a role; it loads on its next request", { modelId: entry.model.id, versionId: now.id, err });
      }
    }
    entry.roles = roles;
    const roleIds = new Set([roles.production?.id, roles.staging?.id, roles.challenger?.row.id].filter(Boolean));
    const mine = [...slots.entries()].filter(([, s]) => s.modelId === entry.model.id);
    const stages = await loadVersionStages(mine.filter(([id]) => !roleIds.has(id)).map(([id]) => id));
    for (const [id, slot] of mine) {
      if (roleIds.has(id)) {
        if (slot.version) slot.version.stage = id === roles.production?.id ? "PRODUCTION" : "STAGING";
        continue;
      }
      const stage = stages.get(id);
      if (slot.version && stage) slot.version.stage = stage;
      if (Date.now() - slot.pinnedAt > pinnedIdleMs) retireSlot(id, slot);
    }
    logger.info("serving roles refreshed", { modelId: entry.model.id, model: entry.model.name, fingerprint: roles.fingerprint });
  }

  // Version numbers never change hands, so the number → id map is kept; the row (and so its stage)
  // is read again whenever the version has no live session.
  async function pinnedSlot(entry: TEntryState, number: number): Promise<TSlot> {
    const known = entry.numbers.get(number);
    let slot = known ? slots.get(known) : undefined;
    if (!slot) {
      const row = await loadVersionByNumber(entry.model.id, number);
      if (!row) throw notFound(`Version ${number} of ${entry.model.name}`);
      entry.numbers.set(number, row.id);
      slot = slotFor(entry.model, row);
    }
    slot.pinnedAt = Date.now();
    return slot;
  }

  const registry: TModelRegistry = {
    model(teamSlug, name) {
      const key = `${teamSlug}/${name}`;
      const cached = byKey.get(key);
      if (cached) return cached.entry ? Promise.resolve(cached.entry) : cached.promise;
      const record: { entry: TEntryState | null; promise: Promise<TEntryState> } = { entry: null, promise: loadEntry(teamSlug, name) };
      byKey.set(key, record);
      record.promise.then(
        (entry) => (record.entry = entry),
        () => byKey.delete(key),
      );
      return record.promise;
    },

    async lease(entry, target) {
      const state = entry as TEntryState;
      for (let attempt = 0; attempt < LEASE_ATTEMPTS; attempt++) {
        const slot = typeof target === "number" ? await pinnedSlot(state, target) : slotFor(entry.model, roleRow(entry, target));
        const version = slot.version ?? (await slot.promise);
        // False only when the version was retired and released meanwhile: resolve again from the new roles.
        if (version.acquire()) return version;
      }
      throw new AppError("unavailable", `${entry.model.name} is being reloaded; retry`, { retryAfterSeconds: 1 });
    },

    refresh(modelId) {
      const entry = byId.get(modelId);
      if (!entry) return Promise.resolve();
      // Refreshes of one model run one at a time; any number asked for meanwhile become one more.
      if (entry.queued) return entry.queued;
      const queued = entry.chain.then(() => {
        entry.queued = null;
        return doRefresh(entry);
      });
      entry.queued = queued;
      entry.chain = queued.catch((err: unknown) => logger.warn("serving refresh failed; the timer retries", { modelId, err }));
      return queued;
    },

    async refreshAll() {
      const ids = [...byId.keys()];
      if (ids.length) {
        const fingerprints = await loadServingFingerprints(ids);
        await Promise.all(ids.filter((id) => fingerprints.get(id) !== byId.get(id)!.roles.fingerprint).map((id) => registry.refresh(id).catch(() => undefined)));
      }
      const now = Date.now();
      for (const [id, slot] of [...slots.entries()]) {
        const roles = byId.get(slot.modelId)?.roles;
        const playing = roles && [roles.production?.id, roles.staging?.id, roles.challenger?.row.id].includes(id);
        if (!playing && now - slot.pinnedAt > pinnedIdleMs) retireSlot(id, slot);
      }
    },

    stats() {
      let inflight = 0;
      for (const s of slots.values()) inflight += s.version?.inflight ?? 0;
      return { models: byId.size, sessions: slots.size, inflight };
    },

    async close() {
      await Promise.allSettled([...slots.values()].map((s) => s.promise));
      for (const [id, slot] of [...slots.entries()]) retireSlot(id, slot);
    },
  };
  return registry;
}
