// The tap game's leaderboards: four boards (tokens earned, character power, friends invited,
// daily streak) over four periods; the caller's own place under the table.
import { html, type Html } from "../html.ts";

const TYPES = [
  ["TOKENS", "Tokens"],
  ["POWER", "Power"],
  ["REFERRALS", "Friends"],
  ["STREAK", "Streak"],
] as const;
const PERIODS = [
  ["DAILY", "Today"],
  ["WEEKLY", "Week"],
  ["MONTHLY", "Month"],
  ["ALL_TIME", "All time"],
] as const;
const EXPLAIN: Record<string, string> = {
  TOKENS: "Tokens earned in the period: taps, proof of work, rewards.",
  POWER: "The highest total power of your characters reached in the period.",
  REFERRALS: "Friends who joined with your code in the period.",
  STREAK: "The longest daily-reward streak reached in the period.",
};

export interface TokenBoardsView {
  type: string;
  period: string;
  rows: { rank: number; name: string; score: string; me: boolean }[];
  mine: { rank: number | null; score: string };
}

export function tokenBoardsPage(v: TokenBoardsView): Html {
  const link = (type: string, period: string) => `/play/boards?type=${type}&period=${period}`;
  return html`<h1>Token boards</h1>
<nav class="tabs wrap" aria-label="Board">${TYPES.map(([id, label]) => html`<a href="${link(id, v.period)}"${id === v.type ? html` aria-current="page"` : ""}>${label}</a>`)}</nav>
<nav class="tabs wrap" aria-label="Period">${PERIODS.map(([id, label]) => html`<a href="${link(v.type, id)}"${id === v.period ? html` aria-current="page"` : ""}>${label}</a>`)}</nav>
<p class="muted small">${EXPLAIN[v.type] ?? ""} Days and weeks are UTC; weeks start on Monday.</p>
<section class="card">${v.rows.length === 0
    ? html`<p class="muted">Nobody on this board yet.</p>`
    : html`<ol class="list" data-testid="token-board">${v.rows.map((r) => html`<li${r.me ? html` aria-current="true"` : ""}><span class="chip">${r.rank}</span><div class="grow">${r.name}</div><strong>${r.score}</strong></li>`)}</ol>`}</section>
<p data-testid="token-board-mine">${v.mine.rank === null ? "You are not on this board yet." : html`You: rank <strong>${v.mine.rank}</strong> with ${v.mine.score}`}</p>`;
}
