// What an activity bump completed: quests whose target a counter just crossed (daily and
// weekly; a special quest counts from its own start, so it is announced on the Quests page
// only) and achievement tiers just reached. Pure: it compares the counters after the bump with
// the amounts added (before = after − added), so it needs no extra query.
import type { ActivityCounter, TokenActivityRow } from "../db/repos.ts";
import { periodKey } from "./activity.ts";
import { ACHIEVEMENTS, tierName } from "./achievements.ts";
import { QUESTS, questPeriod, REQUIREMENT_COLUMN } from "./quests.ts";

export type Unlock =
  | { kind: "quest"; slug: string; name: string; reward: number; period: string }
  | { kind: "achievement"; slug: string; name: string; tier: number; tierName: string | null; reward: number; secret: boolean };

export function unlocksOf(rows: TokenActivityRow[], add: Partial<Record<ActivityCounter, number>>, at: number): Unlock[] {
  const out: Unlock[] = [];
  const crossed = (after: number, delta: number, target: number) => after >= target && after - delta < target;
  for (const q of QUESTS) {
    if (q.type === "SPECIAL") continue;
    const col = REQUIREMENT_COLUMN[q.requirement] as ActivityCounter;
    const delta = add[col];
    if (!delta) continue;
    const period = periodKey(questPeriod(q), at);
    const row = rows.find((r) => r.period === period);
    if (row && crossed(Number(row[col]), delta, q.target)) out.push({ kind: "quest", slug: q.slug, name: q.name, reward: q.reward, period });
  }
  const all = rows.find((r) => r.period === "A");
  if (all) {
    for (const a of ACHIEVEMENTS) {
      const delta = add[a.column as ActivityCounter];
      if (!delta) continue;
      a.tiers.forEach((t, i) => {
        if (crossed(Number(all[a.column]), delta, t.target)) out.push({ kind: "achievement", slug: a.slug, name: a.name, tier: i + 1, tierName: tierName(a, i + 1), reward: t.reward, secret: a.secret });
      });
    }
  }
  return out;
}
