// `tbg verify-message`: checks a wallet signature from the command line with the same verifier
// the sign-in flow uses, so an operator can reproduce what a user's wallet produced.
import { isNetworkName, NETWORKS } from "../../../stratum/bitcoin/index.ts";
import { verifyMessage, type NetworkName } from "./message.ts";

export type CliOutput = { log(s: string): void; error(s: string): void };

const EXIT_VALID = 0;
const EXIT_INVALID = 1;
const EXIT_USAGE = 2;

const USAGE = [
  "usage: tbg verify-message --address <address> --message <text> --signature <base64> [--network <name>]",
  `  --network   ${NETWORKS.join(" | ")} (default mainnet)`,
  "  Accepts legacy/BIP-137 signatures (Bitcoin Core, Electrum, Trezor, Ledger, Sparrow)",
  "  and BIP-322 simple signatures for bc1q and bc1p addresses.",
].join("\n");

type Flag = "address" | "message" | "signature" | "network";
const FLAGS: readonly Flag[] = ["address", "message", "signature", "network"];

type Parsed = { ok: true; values: Partial<Record<Flag, string>> } | { ok: false; reason: string } | { ok: "help" };

function parseArgs(argv: string[]): Parsed {
  const values: Partial<Record<Flag, string>> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--help" || arg === "-h") return { ok: "help" };
    if (!arg.startsWith("--")) return { ok: false, reason: `unexpected argument ${JSON.stringify(arg)}` };
    const eq = arg.indexOf("=");
    const name = (eq === -1 ? arg.slice(2) : arg.slice(2, eq)) as Flag;
    if (!FLAGS.includes(name)) return { ok: false, reason: `unknown option ${JSON.stringify(arg.slice(0, eq === -1 ? undefined : eq))}` };
    if (values[name] !== undefined) return { ok: false, reason: `--${name} given twice` };
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else {
      // The next word is the value even when it starts with "--": a message may say anything.
      value = argv[i + 1];
      i++;
    }
    if (value === undefined) return { ok: false, reason: `--${name} needs a value` };
    values[name] = value;
  }
  return { ok: true, values };
}

/** Returns the process exit code: 0 valid, 1 invalid signature, 2 usage error. */
export function verifyMessageCommand(argv: string[], out: CliOutput): number {
  const parsed = parseArgs(argv);
  if (parsed.ok === "help") {
    out.log(USAGE);
    return EXIT_VALID;
  }
  if (!parsed.ok) {
    out.error(`tbg verify-message: ${parsed.reason}\n${USAGE}`);
    return EXIT_USAGE;
  }
  const { address, message, signature } = parsed.values;
  const missing = (["address", "message", "signature"] as const).filter((f) => parsed.values[f] === undefined);
  if (missing.length > 0 || address === undefined || message === undefined || signature === undefined) {
    out.error(`tbg verify-message: missing ${missing.map((f) => `--${f}`).join(", ")}\n${USAGE}`);
    return EXIT_USAGE;
  }
  const networkArg = parsed.values.network ?? "mainnet";
  if (!isNetworkName(networkArg)) {
    out.error(`tbg verify-message: unknown network ${JSON.stringify(networkArg)}\n${USAGE}`);
    return EXIT_USAGE;
  }
  const network: NetworkName = networkArg;

  const result = verifyMessage({ address, message, signature, network });
  if (result.ok) {
    out.log(`valid (${result.method})`);
    return EXIT_VALID;
  }
  out.log(`invalid: ${result.reason}`);
  return EXIT_INVALID;
}
