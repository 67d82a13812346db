// Signed-out sessions on every instance: an access token stays valid until it expires unless its
// id is on the deny list, and that list is in memory. With several instances on one PostgreSQL
// database, ids revoked on one instance (an admin's "sign out everywhere" or ban, a password
// change, a logout) are sent to the others through the cluster relay (NOTIFY, channel
// `tbg_auth`), so the token stops working there too instead of up to its 15 minutes later. An
// instance started later reads recent revocations from the database (src/auth/accounts.ts).
import { createRelay, type Relay } from "../cluster/relay.ts";
import type { Storage } from "../db/storage.ts";
import { createEventBus } from "../events.ts";
import type { Logger } from "../log.ts";
import type { DenyList } from "./context.ts";

export const DENY_CHANNEL = "tbg_auth";
/** Ids per notification: ~40 bytes each keeps a payload well under PostgreSQL's 8000 bytes. */
const PER_NOTICE = 100;

type DenyEvents = { "auth.denied": { jtis: string[] } };

/** Nothing is sent or heard on SQLite (one process). */
export async function relayDenied(storage: Storage, denied: DenyList, opts: { instanceId: string; log: Logger }): Promise<Relay<DenyEvents>> {
  const bus = createEventBus<DenyEvents>({ onError: (sub, err) => opts.log.warn("sign-out notice failed", { sub, err: String(err) }) });
  const relay = await createRelay<DenyEvents>(storage, bus, { names: ["auth.denied"], instanceId: opts.instanceId, log: opts.log, channel: DENY_CHANNEL });
  relay.events.on("auth.denied", (r) => {
    if (r.origin === "remote" && Array.isArray(r.event.jtis)) denied.addRemote(r.event.jtis.filter((j): j is string => typeof j === "string"));
  }, { name: "auth:denied-remote" });
  denied.onAdd = (jtis) => {
    for (let i = 0; i < jtis.length; i += PER_NOTICE) bus.publish("auth.denied", { jtis: jtis.slice(i, i + PER_NOTICE) });
  };
  return relay;
}
