// The token wallet: balance and totals, and the ledger, newest first (one row per balance change).
import { html, type Html } from "../html.ts";
import { timeAgo } from "../format.ts";
import { displayTokens as formatTokens } from "../../src/tokens/units.ts";

export interface WalletView {
  balance: number;
  totalEarned: number;
  totalSpent: number;
  rows: { id: number; type: string; amount: number; balanceAfter: number; description: string; createdAt: number }[];
  olderCursor: number | null;
  now: number;
  zone: string | null;
}

const LABELS: Record<string, string> = {
  MINING: "Mining", STAKING_REWARD: "Staking", REFERRAL_BONUS: "Referral", DAILY_REWARD: "Daily reward", ACHIEVEMENT_REWARD: "Achievement", QUEST_REWARD: "Quest",
  CHARACTER_PURCHASE: "Character", CHARACTER_UPGRADE: "Upgrade", AIRDROP: "Airdrop", TRANSFER_IN: "Transfer in", TRANSFER_OUT: "Transfer out", BATTLE_REWARD: "Battle", PENALTY: "Penalty",
};

export function walletPage(v: WalletView): Html {
  const row = (r: WalletView["rows"][number]) =>
    html`<li data-testid="tx-row"><div class="grow"><strong>${LABELS[r.type] ?? r.type}</strong><br><span class="muted small">${r.description} · ${timeAgo(r.createdAt, v.now, "never", v.zone)}</span></div>
<div class="tx-amount ${r.amount < 0 ? "neg" : "pos"}">${r.amount > 0 ? "+" : ""}${formatTokens(r.amount)}</div></li>`;
  return html`<h1>Wallet</h1>
<section class="card">
  <div class="muted small">Balance</div>
  <div class="hero" data-testid="wallet-balance">${formatTokens(v.balance)}</div>
  <p class="muted small">Earned ${formatTokens(v.totalEarned)} · spent ${formatTokens(v.totalSpent)}. Tokens are the game's own points: they stay in the app and are not bitcoin.</p>
</section>
<h2>History</h2>
${v.rows.length
  ? html`<section class="card"><ul class="list">${v.rows.map(row)}</ul></section>${v.olderCursor !== null ? html`<p><a href="/play/wallet?before=${v.olderCursor}">Older</a></p>` : html``}`
  : html`<section class="card empty"><p>Nothing yet. Tap, claim the daily reward or mine to earn your first tokens.</p><a class="button" href="/play/tap">Start tapping</a></section>`}`;
}
