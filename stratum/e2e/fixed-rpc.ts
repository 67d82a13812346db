// The recorded template of ./fixed-node.ts served over real JSON-RPC, for runs where the pool
// needs a node by URL (the pool thread, the whole server) but a real bitcoind would not do:
// regtest's easy target makes every other random share a block, and benchmarks send random shares.
// Long polls are held open until the server stops, as a node does while its tip does not move.
import { addressToScript } from "../bitcoin/address.ts";
import { recordedTemplate } from "./fixed-node.ts";

export interface FixedRpc {
  url: string;
  /** Blocks handed to submitblock, as hex. */
  readonly submitted: string[];
  stop(): Promise<void>;
}

/** The recorded node's JSON-RPC reply to a call that does not wait (every call but a long
 * poll); "Method not found" for one it does not know. Also the answer of the limit benchmark's
 * node for ckpool, which asks a few more things of its node than our pool does. */
export function fixedReply(template: Record<string, unknown>, call: { id?: unknown; method: string; params?: unknown[] }): { result: unknown; error: unknown; id: unknown } {
  const id = call.id ?? null;
  const params = call.params ?? [];
  const ok = (result: unknown) => ({ result, error: null, id });
  switch (call.method) {
    case "getblockchaininfo":
      return ok({ chain: "regtest", blocks: Number(template.height) - 1, difficulty: 1 });
    case "getblockcount":
      return ok(Number(template.height) - 1);
    case "getbestblockhash":
    case "getblockhash":
      return ok(template.previousblockhash);
    case "getblocktemplate":
      return ok(template);
    case "submitblock":
      return ok("inconclusive");
    case "validateaddress": {
      const address = String(params[0] ?? "");
      const r = addressToScript(address, "regtest");
      if (!r.ok) return ok({ isvalid: false });
      const script = r.type === "p2sh" || r.type === "p2wsh" || r.type === "p2tr";
      return ok({ isvalid: true, address, isscript: script, iswitness: r.type !== "p2pkh" && r.type !== "p2sh" });
    }
    default:
      return { result: null, error: { code: -32601, message: "Method not found" }, id };
  }
}

export function startFixedRpc(template: Record<string, unknown> = recordedTemplate()): FixedRpc {
  const submitted: string[] = [];
  const held = new Set<() => void>();
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    idleTimeout: 0,
    async fetch(req) {
      const call = (await req.json()) as { id: unknown; method: string; params?: unknown[] };
      const first = call.params?.[0];
      if (call.method === "getblocktemplate" && (first as { longpollid?: string } | undefined)?.longpollid !== undefined) {
        await new Promise<void>((resolve) => held.add(resolve));
      }
      if (call.method === "submitblock") submitted.push(String(first ?? ""));
      return Response.json(fixedReply(template, call));
    },
  });
  return {
    url: `http://127.0.0.1:${server.port}/`,
    submitted,
    async stop() {
      for (const release of held) release();
      held.clear();
      await server.stop(true);
    },
  };
}
