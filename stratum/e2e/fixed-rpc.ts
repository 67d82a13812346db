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

/** What the recorded node answers to a call that does not wait (every method but a long poll),
 * or `undefined` for a method it does not know. Also used by the limit benchmark's node for
 * ckpool, which asks a few more things of its node than our pool does. */
export function fixedAnswer(template: Record<string, unknown>, method: string, params: unknown[] = []): { result: unknown } | undefined {
  switch (method) {
    case "getblockchaininfo":
      return { result: { chain: "regtest", blocks: Number(template.height) - 1, difficulty: 1 } };
    case "getblockcount":
      return { result: Number(template.height) - 1 };
    case "getbestblockhash":
    case "getblockhash":
      return { result: template.previousblockhash };
    case "getblocktemplate":
      return { result: template };
    case "submitblock":
      return { result: "inconclusive" };
    case "validateaddress": {
      const address = String(params[0] ?? "");
      const r = addressToScript(address, "regtest");
      if (!r.ok) return { result: { isvalid: false } };
      const witness = r.type === "p2wpkh" || r.type === "p2wsh" || r.type === "p2tr";
      return { result: { isvalid: true, address, isscript: r.type === "p2sh" || r.type === "p2wsh" || r.type === "p2tr", iswitness: witness } };
    }
    default:
      return undefined;
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
      const body = (await req.json()) as { id: unknown; method: string; params?: unknown[] };
      const { id, method, params = [] } = body;
      if (method === "getblocktemplate" && (params[0] as { longpollid?: string } | undefined)?.longpollid !== undefined) {
        await new Promise<void>((resolve) => held.add(resolve));
      }
      if (method === "submitblock") submitted.push(String(params[0] ?? ""));
      const answer = fixedAnswer(template, method, params);
      if (answer === undefined) return Response.json({ result: null, error: { code: -32601, message: "Method not found" }, id });
      return Response.json({ result: answer.result, error: null, id });
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
