// Sign-in, registration and password pages. Forms post with htmx and swap the form's card, so an
// error shows in place; success answers with a redirect (HX-Location). Everything user-supplied
// goes through the escaping template tag.
import { html, type Html } from "../html.ts";

export const errorLine = (message?: string): Html => (message ? html`<p class="error" role="alert">${message}</p>` : html``);

export function walletForm(opts: { address?: string; error?: string } = {}): Html {
  return html`<form id="wallet-card" class="card" hx-post="/signin/challenge" hx-target="this" hx-swap="outerHTML">
  <h2>Connect your wallet</h2>
  <p class="muted">Sign a short message with the wallet that receives your mining rewards (Sparrow, Electrum, BlueWallet, Ledger, UniSat, Xverse…).</p>
  <label for="btc_address">Your Bitcoin address</label>
  <input id="btc_address" name="btc_address" required maxlength="100" autocomplete="off" spellcheck="false" value="${opts.address ?? ""}">
  ${errorLine(opts.error)}
  <p><button type="submit">Get message to sign</button></p>
</form>`;
}

export function challengeForm(c: { address: string; nonce: string; message: string; error?: string }): Html {
  return html`<form id="wallet-card" class="card" hx-post="/signin/wallet" hx-target="this" hx-swap="outerHTML">
  <h2>Sign this message</h2>
  <p class="muted">In your wallet choose “Sign message”, select the address below and paste this text exactly. It is valid for 5 minutes and works once.</p>
  <label>Address</label>
  <div class="copy"><code id="challenge-address">${c.address}</code><button type="button" class="secondary" onclick="tbg.copy(document.getElementById('challenge-address').textContent, this)">Copy</button></div>
  <label>Message</label>
  <div class="copy"><code id="challenge-message" data-testid="challenge-message" style="white-space:pre-wrap">${c.message}</code><button type="button" class="secondary" onclick="tbg.copy(document.getElementById('challenge-message').textContent, this)">Copy</button></div>
  <input type="hidden" name="btc_address" value="${c.address}">
  <input type="hidden" name="nonce" value="${c.nonce}">
  <label for="signature">Signature from your wallet</label>
  <textarea id="signature" name="signature" rows="3" required maxlength="4096" spellcheck="false"></textarea>
  ${errorLine(c.error)}
  <p><button type="submit">Sign in</button> <a href="/signin" class="muted">Start over</a></p>
</form>`;
}

export function passwordForm(opts: { email?: string; error?: string } = {}): Html {
  return html`<form id="password-card" class="card" hx-post="/signin/password" hx-target="this" hx-swap="outerHTML">
  <h2>Email and password</h2>
  <label for="email">Email</label>
  <input id="email" name="email" type="email" required maxlength="254" autocomplete="username" value="${opts.email ?? ""}">
  <label for="password">Password</label>
  <input id="password" name="password" type="password" required maxlength="128" autocomplete="current-password">
  ${errorLine(opts.error)}
  <p><button type="submit">Sign in</button> <a href="/forgot-password">Forgot password?</a> · <a href="/register">Create an account</a></p>
</form>`;
}

/** Inside Telegram, static/app.js signs in with the launch's initData and shows its progress (or the server's answer) here. */
const TELEGRAM_AUTO = html`<div id="telegram-signin" class="card" hidden><p>Signing in with Telegram…</p></div>`;

export function signInPage(opts: { telegram: boolean; notice?: string }): Html {
  return html`<h1>Sign in</h1>
${opts.notice ? html`<p class="card">${opts.notice}</p>` : ""}
${opts.telegram ? TELEGRAM_AUTO : ""}
${walletForm()}
${passwordForm()}`;
}

export function registerForm(v: { email?: string; btc_address?: string; display_name?: string; error?: string } = {}): Html {
  return html`<form id="register-card" class="card" hx-post="/register" hx-target="this" hx-swap="outerHTML">
  <label for="r-email">Email</label>
  <input id="r-email" name="email" type="email" required maxlength="254" autocomplete="username" value="${v.email ?? ""}">
  <label for="r-password">Password (8+ characters with upper case, lower case and a digit)</label>
  <input id="r-password" name="password" type="password" required minlength="8" maxlength="128" autocomplete="new-password">
  <label for="r-address">Bitcoin address for your rewards</label>
  <input id="r-address" name="btc_address" required maxlength="100" spellcheck="false" value="${v.btc_address ?? ""}">
  <label for="r-name">Display name (optional)</label>
  <input id="r-name" name="display_name" maxlength="24" value="${v.display_name ?? ""}">
  ${errorLine(v.error)}
  <p><button type="submit" data-main-button>Create account</button></p>
</form>`;
}

export function registerPage(): Html {
  return html`<h1>Create an account</h1>${registerForm()}<p class="muted">Prefer not to use a password? <a href="/signin">Sign in with your wallet</a>.</p>`;
}

export function messagePage(title: string, text: string, link?: { href: string; label: string }): Html {
  return html`<h1>${title}</h1><div class="card"><p>${text}</p>${link ? html`<p><a class="button" href="${link.href}">${link.label}</a></p>` : ""}</div>`;
}

export function verifyEmailPage(token: string, error?: string): Html {
  return html`<h1>Confirm your email</h1>
<form class="card" hx-post="/verify-email" hx-target="this" hx-swap="outerHTML">
  <input type="hidden" name="token" value="${token}">
  ${errorLine(error)}
  <p><button type="submit">Confirm my email address</button></p>
</form>`;
}

export function forgotPage(sent = false): Html {
  return html`<h1>Forgot password</h1>
<form class="card" hx-post="/forgot-password" hx-target="this" hx-swap="outerHTML">
  ${sent ? html`<p role="status">If an account uses that address, a reset link is on its way. It expires in one hour.</p>` : html`
  <label for="f-email">Email</label>
  <input id="f-email" name="email" type="email" required maxlength="254">
  <p><button type="submit">Send reset link</button></p>`}
</form>`;
}

export function resetForm(token: string, error?: string): Html {
  return html`<form class="card" hx-post="/reset-password" hx-target="this" hx-swap="outerHTML">
  <input type="hidden" name="token" value="${token}">
  <label for="n-password">New password</label>
  <input id="n-password" name="new_password" type="password" required minlength="8" maxlength="128" autocomplete="new-password">
  ${errorLine(error)}
  <p><button type="submit">Set new password</button></p>
</form>`;
}
