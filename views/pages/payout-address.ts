// Me → Payout address: link (or change) the address block rewards go to, by signing a message with
// the wallet that holds it. For people who signed in with Telegram or email, who have no address
// yet. Three steps in one card: the address → the message to sign (with per-wallet hints) and the
// signature → linked. Errors show in the card; everything typed by the user is escaped.
import { timeAt } from "../format.ts";
import { html, type Html } from "../html.ts";
import { errorLine } from "./auth.ts";

export interface PayoutAddressView {
  /** The linked address, if any. */
  current: string | null;
  network: string;
  /** The sign-in is too old to change the payout address: the page asks to sign in again first. */
  stale?: boolean;
  zone?: string | null;
}

/** Legacy (P2PKH) addresses, the only kind Bitcoin Core's signmessage signs for. */
const isLegacy = (a: string) => /^[1mn]/.test(a);

export function reauthCard(): Html {
  return html`<div id="address-card" class="card" data-testid="reauth">
  <h2>Sign in again first</h2>
  <p>Linking a payout address decides where block rewards go, so it needs a sign-in from the last 15 minutes. Yours is older.</p>
  <p><button type="button" data-main-button data-label="Sign in again" onclick="tbg.signInAgain(this)">Sign in again</button></p>
  <p class="muted small">Then come back to Me → Payout address.</p>
</div>`;
}

export function addressStartForm(v: { current: string | null; network: string; address?: string; error?: string }): Html {
  return html`<form id="address-card" class="card" hx-post="/account/address/challenge" hx-target="this" hx-swap="outerHTML">
  <h2>${v.current ? "Change your payout address" : "Link your payout address"}</h2>
  <p class="muted">Enter the ${v.network} address of your wallet. You will sign a short message with it to prove it is yours.</p>
  <label for="payout-address">Bitcoin address</label>
  <input id="payout-address" name="btc_address" required maxlength="100" autocomplete="off" spellcheck="false" placeholder="bc1q…" value="${v.address ?? ""}">
  ${errorLine(v.error)}
  <p><button type="submit" data-main-button>Get the message to sign</button></p>
</form>`;
}

function walletHints(address: string, message: string): Html {
  return html`<h3>How to sign</h3>
<ul class="steps" data-testid="wallet-hints">
  <li><b>Sparrow</b>: Tools → Sign/Verify Message. Choose the address, paste the message, press Sign. Taproot (bc1p) addresses get a BIP-322 signature; both kinds work here.</li>
  <li><b>Electrum</b>: Tools → Sign/verify message (or right-click the address in the Addresses tab). Works for 1…, 3… and bc1q addresses.</li>
  <li><b>Bitcoin Core</b>: ${isLegacy(address)
    ? html`run this in a terminal, or use File → Sign message:<div class="copy"><code id="core-command">bitcoin-cli signmessage "${address}" "${message}"</code><button type="button" class="secondary" onclick="tbg.copy(document.getElementById('core-command').textContent, this)">Copy</button></div>`
    : html`<code>signmessage</code> signs only for legacy addresses (starting with 1). For this address use Sparrow, Electrum or another wallet below.`}</li>
  <li><b>Trezor, BlueWallet, Ledger, UniSat, Xverse</b>: use the wallet's “Sign message”; standard and BIP-322 signatures are both accepted.</li>
</ul>`;
}

export function addressSignForm(c: { address: string; nonce: string; message: string; expiresAt: number; zone?: string | null; error?: string }): Html {
  return html`<form id="address-card" class="card" hx-post="/account/address" hx-target="this" hx-swap="outerHTML">
  <h2>Sign this message</h2>
  <p class="muted">With the wallet that holds <span class="mono" data-testid="signing-address">${c.address}</span>, sign this text exactly as shown. It works once, until ${timeAt(c.expiresAt, c.zone)} (5 minutes).</p>
  <div class="copy"><code id="address-message" data-testid="address-message" style="white-space:pre-wrap">${c.message}</code><button type="button" class="secondary" data-testid="copy-message" onclick="tbg.copy(document.getElementById('address-message').textContent, this)">Copy</button></div>
  ${walletHints(c.address, c.message)}
  <input type="hidden" name="btc_address" value="${c.address}">
  <input type="hidden" name="nonce" value="${c.nonce}">
  <label for="address-signature">Signature from your wallet</label>
  <textarea id="address-signature" name="signature" rows="3" required maxlength="4096" spellcheck="false" autocomplete="off"></textarea>
  ${errorLine(c.error)}
  <p><button type="submit" data-main-button>Link this address</button> <a href="/account/address" class="muted">Start over</a></p>
</form>`;
}

function currentCard(current: string | null, oob = false): Html {
  return html`<div id="current-address-card" class="card"${oob ? html` hx-swap-oob="true"` : ""}><p>Current payout address: <span class="mono" data-testid="current-address">${current ?? "none yet"}</span></p>
<p class="muted small">Your dashboard, setup page and Home show this address's mining. Miners must use it as their stratum username.</p></div>`;
}

export function addressLinked(address: string): Html {
  const q = encodeURIComponent(address);
  return html`${currentCard(address, true)}<div id="address-card" class="card" data-testid="address-linked">
  <h2><span class="chip ok">linked</span> Payout address saved</h2>
  <p>Block rewards and your mining stats now follow <span class="mono" data-testid="linked-address">${address}</span>.</p>
  <p><a class="button" href="/dashboard">Open your dashboard</a> <a href="/setup?address=${q}">Set up a miner</a></p>
</div>`;
}

export function payoutAddressPage(v: PayoutAddressView): Html {
  return html`<h1>Payout address</h1>
${currentCard(v.current)}
${v.stale ? reauthCard() : addressStartForm({ current: v.current, network: v.network })}`;
}
