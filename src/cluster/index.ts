// Several instances on one PostgreSQL database: leader election for scheduled jobs, the event
// relay between instances, and the instance registry behind pool-wide numbers. On SQLite each
// piece degrades to the single-process behaviour (always leader, nothing relayed, one row).
export { createLeadership, type Leadership, type LeadershipOptions } from "./leadership.ts";
export { createRelay, type Relay, type Relayed, type RelayOptions, type RelayStats } from "./relay.ts";
export { createRegistry, type InstanceSummary, type LiveNumbers, type PoolWide, type Registry, type RegistryOptions } from "./registry.ts";

/** A random id for this process start: instances tell their own rows and notifications apart by it. */
export const newInstanceId = (): string => crypto.randomUUID().slice(0, 8);

/** Pool events other instances must hear (later features add theirs). */
export const RELAYED_POOL_EVENTS = ["block_found", "new_block_network"] as const;
