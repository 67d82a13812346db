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
  staked: number;
  staking: {
    periods: { id: string; label: string; apy: number; days: number }[];
    min: number;
    max: number;
    penaltyPct: number;
    stakes: { id: number; period: string; amount: number; apy: number; unlockAt: number | null; paid: number; unpaid: number; penaltyNow: number }[];
  };
  message?: { ok: boolean; text: string };
  referral: { code: string; startParam: string; shareUrl: string; friends: number; earned: number; nextFriends: number | null; nextBonus: number | null; referrerBonus: number; friendBonus: number };
}

const LABELS: Record<string, string> = {
  MINING: "Mining", STAKING_REWARD: "Staking", REFERRAL_BONUS: "Referral", DAILY_REWARD: "Daily reward", ACHIEVEMENT_REWARD: "Achievement", QUEST_REWARD: "Quest",
  CHARACTER_PURCHASE: "Character", CHARACTER_UPGRADE: "Upgrade", AIRDROP: "Airdrop", TRANSFER_IN: "Transfer in", TRANSFER_OUT: "Transfer out", BATTLE_REWARD: "Battle", PENALTY: "Penalty",
};

function stakingCard(v: WalletView): Html {
  const st = v.staking;
  const stake = (s: WalletView["staking"]["stakes"][number]) =>
    html`<li data-testid="stake-row"><div class="grow"><strong>${formatTokens(s.amount)}</strong> · ${s.period} · ${s.apy * 100} % a year<br>
<span class="muted small">Interest paid ${formatTokens(s.paid)}${s.unpaid > 0 ? html` (+${formatTokens(s.unpaid)} at the next hour)` : html``} · ${s.unlockAt === null ? "withdraw any time" : s.penaltyNow > 0 ? html`locked until ${timeAgo(s.unlockAt, v.now, "", v.zone)}` : "unlocked"}</span></div>
<form hx-post="/play/wallet/unstake/${s.id}" hx-target="#wallet" hx-swap="outerHTML"${s.penaltyNow > 0 ? html` hx-confirm="Withdraw early? ${formatTokens(s.penaltyNow)} tokens (${st.penaltyPct} %) are lost."` : html``}><button type="submit" class="secondary">Withdraw</button></form></li>`;
  return html`<section class="card" aria-labelledby="stake-h">
  <h2 id="stake-h">Staking</h2>
  <p class="muted small">Staked ${formatTokens(v.staked)}. Interest is paid every hour; a locked stake withdrawn before its end loses ${st.penaltyPct} % of it.</p>
  <form class="stake-form" hx-post="/play/wallet/stake" hx-target="#wallet" hx-swap="outerHTML">
    <label>Tokens <input name="amount" inputmode="decimal" required pattern="[0-9]+([.][0-9]{1,3})?" placeholder="${formatTokens(st.min)} to ${formatTokens(st.max)}" data-testid="stake-amount"></label>
    <label>Lock <select name="lock_period" data-testid="stake-period">${st.periods.map((p) => html`<option value="${p.id}">${p.label} · ${p.apy * 100} %</option>`)}</select></label>
    <button type="submit" data-testid="stake-submit">Stake</button>
  </form>
  ${st.stakes.length ? html`<ul class="list">${st.stakes.map(stake)}</ul>` : html``}
</section>`;
}

function friendsCard(v: WalletView): Html {
  const r = v.referral;
  return html`<section class="card" aria-labelledby="friends-h">
  <h2 id="friends-h">Invite friends</h2>
  <p>Friends who open the app with your code get ${formatTokens(r.friendBonus)} tokens; you get ${formatTokens(r.referrerBonus)} for each.${r.nextFriends !== null ? html` At ${r.nextFriends} friends: +${formatTokens(r.nextBonus ?? 0)}.` : html``}</p>
  <div class="copy"><code id="ref-code" data-testid="ref-code">${r.startParam}</code><button type="button" class="secondary" onclick="tbg.copy(document.getElementById('ref-code').textContent, this)">Copy</button></div>
  <p><a class="button" href="${r.shareUrl}" target="_blank" rel="noopener" data-testid="ref-share">Share</a></p>
  <p class="muted small"><span data-testid="ref-count">${r.friends}</span> ${r.friends === 1 ? "friend" : "friends"} joined · ${formatTokens(r.earned)} tokens earned.</p>
</section>`;
}

export function walletPage(v: WalletView): Html {
  return html`<div id="wallet">${walletBody(v)}</div>`;
}

function walletBody(v: WalletView): Html {
  const row = (r: WalletView["rows"][number]) =>
    html`<li data-testid="tx-row"><div class="grow"><strong>${LABELS[r.type] ?? r.type}</strong><br><span class="muted small">${r.description} · ${timeAgo(r.createdAt, v.now, "never", v.zone)}</span></div>
<div class="tx-amount ${r.amount < 0 ? "neg" : "pos"}">${r.amount > 0 ? "+" : ""}${formatTokens(r.amount)}</div></li>`;
  return html`<h1>Wallet</h1>
<section class="card">
  <div class="muted small">Balance</div>
  <div class="hero" data-testid="wallet-balance">${formatTokens(v.balance)}</div>
  <p class="muted small">Earned ${formatTokens(v.totalEarned)} · spent ${formatTokens(v.totalSpent)}. Tokens are the game's own points: they stay in the app and are not bitcoin.</p>
</section>
${v.message ? html`<p class="notice ${v.message.ok ? "ok" : "bad"}" role="status" data-testid="wallet-message">${v.message.text}</p>` : html``}
${stakingCard(v)}
${friendsCard(v)}
<h2>History</h2>
${v.rows.length
  ? html`<section class="card"><ul class="list">${v.rows.map(row)}</ul></section>${v.olderCursor !== null ? html`<p><a href="/play/wallet?before=${v.olderCursor}">Older</a></p>` : html``}`
  : html`<section class="card empty"><p>Nothing yet. Tap, claim the daily reward or mine to earn your first tokens.</p><a class="button" href="/play/tap">Start tapping</a></section>`}`;
}
