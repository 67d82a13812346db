// `tbg lottery verify WEEK [--url URL]`: downloads a draw's public record and ticket file from a
// pool (this one by default) and re-runs the draw locally; exit 0 when the winners match.
// It trusts nothing the pool computed: the file is hashed here, the seed and winners derived here.
// The block hash is the pool's claim — compare it with any block explorer at the printed height.
import { verifyDraw } from "./fair-draw.ts";

export interface VerifyIo {
  out(line: string): void;
  err(line: string): void;
}

export async function lotteryCommand(args: string[], io: VerifyIo, fetcher: typeof fetch = fetch): Promise<number> {
  const [sub, week, ...rest] = args;
  if (sub !== "verify" || !week || !/^\d{4}-\d{2}-\d{2}$/.test(week)) {
    io.err("usage: tbg lottery verify WEEK [--url http://HOST:PORT]   (WEEK: the Monday, YYYY-MM-DD)");
    return 2;
  }
  const i = rest.indexOf("--url");
  const base = (i >= 0 ? rest[i + 1] : undefined) ?? "http://127.0.0.1:8080";
  try {
    const res = await fetcher(`${base}/api/v1/games/lottery/results/${week}`);
    if (res.status === 404) {
      io.err(`no draw for the week of ${week} at ${base}`);
      return 1;
    }
    if (!res.ok) throw new Error(`the pool answered ${res.status}`);
    const d = (await res.json()) as { status: string; commitment: string; target_height: number; block_hash: string | null; ticket_file: string; winners: { position: number; ticket: number; name: string }[] };
    const text = await (await fetcher(base + d.ticket_file)).text();
    if (d.status !== "drawn" || !d.block_hash) {
      io.out(`week of ${week}: committed (${d.commitment}), not drawn yet — waiting for block ${d.target_height}`);
      return 1;
    }
    const v = verifyDraw(text, d.block_hash, { commitment: d.commitment, winners: d.winners });
    io.out(`week of ${week}: block ${d.target_height} ${d.block_hash}`);
    io.out(`commitment ${d.commitment}`);
    for (const w of v.winners) io.out(`  place ${w.position}: ticket ${w.ticket}`);
    (v.ok ? io.out : io.err)(v.ok ? `OK: ${v.reason}` : `MISMATCH: ${v.reason}`);
    return v.ok ? 0 : 1;
  } catch (err) {
    io.err(`could not verify: ${(err as Error).message}`);
    return 1;
  }
}
