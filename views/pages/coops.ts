// Cooperatives: the leaderboard (with the form to found one), a coop's page (with Join), the
// caller's own coop (invite link, members and what the caller's role lets them do), and the
// page an invite link opens. Plain data in (src/http/routes/social-pages.ts); all escaped.
import { formatCount, formatHashrate } from "../format.ts";
import { html, type Html } from "../html.ts";

export interface CoopCard {
  id: number;
  name: string;
  description: string | null;
  countryCode: string | null;
  joinMode: string;
  members: number;
  shares: number;
  hashrate: number;
  blocks: number;
}

export interface MemberLine {
  userId: number;
  name: string;
  role: string;
  /** What the viewer may do to this member. */
  canRemove: boolean;
  canPromote: boolean;
  canDemote: boolean;
  canHandOver: boolean;
  isMe: boolean;
}

export interface CoopPageView {
  coop: CoopCard;
  members: MemberLine[];
  myRole: string | null;
  /** The viewer is in no coop and may join this one (open, or they came with the code). */
  canJoin: boolean;
  inviteCode?: string | null;
  inviteUrl: string | null;
  error?: string;
  notice?: string;
}

const stats = (c: CoopCard) => html`<div class="grid">
  <div class="card stat"><div class="label">Members</div><div class="value" data-testid="coop-members">${formatCount(c.members)}</div></div>
  <div class="card stat"><div class="label">Hashrate (1 h)</div><div class="value">${formatHashrate(c.hashrate)}</div></div>
  <div class="card stat"><div class="label">Shares</div><div class="value">${formatCount(c.shares)}</div></div>
  <div class="card stat"><div class="label">Blocks found</div><div class="value">${formatCount(c.blocks)}</div></div>
</div>`;

const alert = (error?: string, notice?: string) =>
  html`${error ? html`<p class="card error" role="alert" data-testid="coop-error">${error}</p>` : ""}${notice ? html`<p class="card" role="status">${notice}</p>` : ""}`;

export function coopsPage(v: { board: (CoopCard & { rank: number })[]; mine: { id: number; name: string } | null; error?: string; form?: { name: string; description: string; joinMode: string } }): Html {
  const f = v.form ?? { name: "", description: "", joinMode: "open" };
  const row = (c: CoopCard & { rank: number }) =>
    html`<li data-testid="coop-${c.id}"><a class="row" href="/coops/${c.id}"><span class="chip">#${c.rank}</span><span class="grow"><strong>${c.name}</strong><br><span class="small muted">${formatCount(c.members)} ${c.members === 1 ? "member" : "members"} · ${formatCount(c.shares)} shares${c.joinMode === "invite" ? " · invite only" : ""}</span></span><span class="small">${formatHashrate(c.hashrate)}</span></a></li>`;
  return html`<h1>Cooperatives</h1>
<p class="muted">Mine as a team: a coop adds up its members' shares, hashrate and blocks. Every block still pays the miner who found it.</p>
${alert(v.error)}
${v.mine ? html`<p class="card">Your coop: <a href="/coops/mine" data-testid="my-coop">${v.mine.name}</a></p>` : ""}
<h2>Leaderboard</h2>
${v.board.length ? html`<ol class="list card">${v.board.map(row)}</ol>` : html`<p class="card muted">No coops yet. Found the first one below.</p>`}
${
  v.mine
    ? ""
    : html`<h2>Found a coop</h2>
<form class="card" method="post" action="/coops" data-testid="coop-create">
  <label for="coop-name">Name (3–24 letters, digits, _ - .)</label>
  <input id="coop-name" name="name" required minlength="3" maxlength="24" value="${f.name}" autocomplete="off">
  <label for="coop-desc">What is it about? (optional)</label>
  <textarea id="coop-desc" name="description" maxlength="280" rows="2">${f.description}</textarea>
  <label class="check"><input type="checkbox" name="invite_only" value="1"${f.joinMode === "invite" ? " checked" : ""}> Invite only (people join with your invite link)</label>
  <button type="submit" data-main-button data-label="Found the coop">Found the coop</button>
</form>`
}`;
}

function memberList(v: CoopPageView): Html {
  const actions = (m: MemberLine) => html`${m.canPromote ? html`<form method="post" action="/coops/mine/members/${m.userId}/role"><input type="hidden" name="role" value="admin"><button type="submit" class="secondary">Make admin</button></form>` : ""}${
    m.canDemote ? html`<form method="post" action="/coops/mine/members/${m.userId}/role"><input type="hidden" name="role" value="member"><button type="submit" class="secondary">Make member</button></form>` : ""
  }${m.canHandOver ? html`<form method="post" action="/coops/mine/members/${m.userId}/handover" hx-confirm="Make ${m.name} the founder? You become an admin."><button type="submit" class="secondary">Hand over</button></form>` : ""}${
    m.canRemove ? html`<form method="post" action="/coops/mine/members/${m.userId}/remove" hx-confirm="Remove ${m.name} from the coop?"><button type="submit" class="secondary">Remove</button></form>` : ""
  }`;
  return html`<ul class="list card">${v.members.map(
    (m) => html`<li class="member" data-testid="member-${m.userId}"><span class="grow">${m.name}${m.isMe ? " (you)" : ""}<br><span class="chip${m.role === "founder" ? " ok" : ""}">${m.role}</span></span><span class="actions">${actions(m)}</span></li>`,
  )}</ul>`;
}

export function coopPage(v: CoopPageView): Html {
  const c = v.coop;
  return html`<h1>${c.name}</h1>
${c.description ? html`<p>${c.description}</p>` : ""}
<p class="small muted">${c.joinMode === "invite" ? "Invite only" : "Open to anyone"}${c.countryCode ? ` · ${c.countryCode}` : ""}</p>
${alert(v.error, v.notice)}
${stats(c)}
${
  v.canJoin
    ? html`<form class="card" method="post" action="/coops/${c.id}/join" data-testid="coop-join">${v.inviteCode ? html`<input type="hidden" name="invite_code" value="${v.inviteCode}">` : ""}<button type="submit" data-main-button data-label="Join ${c.name}">Join ${c.name}</button></form>`
    : v.myRole
      ? html`<p class="card"><a href="/coops/mine">This is your coop: manage it</a></p>`
      : ""
}
<h2>Members</h2>
${memberList({ ...v, members: v.members.map((m) => ({ ...m, canRemove: false, canPromote: false, canDemote: false, canHandOver: false })) })}`;
}

export function myCoopPage(v: CoopPageView): Html {
  const c = v.coop;
  return html`<h1>${c.name}</h1>
<p class="small muted">You are its ${v.myRole} · ${c.joinMode === "invite" ? "invite only" : "open to anyone"} · <a href="/coops/${c.id}">public page</a></p>
${alert(v.error, v.notice)}
${stats(c)}
${
  v.inviteUrl
    ? html`<section class="card" aria-labelledby="invite-h"><h2 id="invite-h">Invite</h2>
  <div class="copy"><code id="invite-url" data-testid="invite-url">${v.inviteUrl}</code><button type="button" class="secondary" onclick="tbg.copy(document.getElementById('invite-url').textContent, this)">Copy</button></div>
  <form method="post" action="/coops/mine/invite" hx-confirm="Make a new link? The old one stops working."><button type="submit" class="secondary">New link</button></form>
</section>`
    : ""
}
<h2>Members</h2>
${memberList(v)}
<form class="card" method="post" action="/coops/mine/leave" hx-confirm="Leave ${c.name}?" data-testid="coop-leave"><button type="submit" class="secondary">Leave the coop</button>
${v.myRole === "founder" ? html`<p class="small muted">As its founder, hand it over to another member first (unless you are the only one: then the coop is closed).</p>` : ""}</form>`;
}
