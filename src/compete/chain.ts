// The lottery's view of the Bitcoin node, over the node's JSON-RPC: any failure (down, syncing,
// refused) is "cannot answer now", never a throw — the draw waits and says so.
import type { RpcClient } from "../../stratum/index.ts";
import type { ChainView } from "./lottery.ts";

export function chainFromRpc(rpc: RpcClient, timeoutMs = 10_000): ChainView {
  return {
    async tipHeight() {
      const r = await rpc.call<number>("getblockcount", [], { timeoutMs });
      return r.ok && Number.isSafeInteger(r.result) ? r.result : null;
    },
    async blockHash(height) {
      const r = await rpc.call<string>("getblockhash", [height], { timeoutMs });
      return r.ok && typeof r.result === "string" && /^[0-9a-f]{64}$/.test(r.result) ? r.result : null;
    },
  };
}
