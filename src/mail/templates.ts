// The account mails, each as plain text and HTML with the same content. Everything interpolated
// into the HTML goes through the escaping template tag.
import { html } from "../../views/html.ts";
import type { Mail } from "./mailer.ts";

const BRAND = "The Bitcoin Game";

function wrap(title: string, body: ReturnType<typeof html>): string {
  return String(html`<!doctype html><html><body style="font-family:system-ui,sans-serif;max-width:560px;margin:auto;padding:16px">
<h2>${title}</h2>${body}<p style="color:#888;font-size:12px">${BRAND}</p></body></html>`);
}

export function verifyEmailMail(to: string, link: string, hours: number): Mail {
  const subject = `${BRAND}: confirm your email address`;
  return {
    to,
    subject,
    links: [link],
    text: `Confirm your email address for ${BRAND} by opening this link:\n\n${link}\n\nThe link works once and expires in ${hours} hours. If you did not create an account, ignore this mail.\n`,
    html: wrap("Confirm your email address", html`<p>Confirm your email address by opening this link:</p>
<p><a href="${link}">Confirm my email address</a></p><p style="word-break:break-all">${link}</p>
<p>The link works once and expires in ${hours} hours. If you did not create an account, ignore this mail.</p>`),
  };
}

export function resetPasswordMail(to: string, link: string, minutes: number): Mail {
  const subject = `${BRAND}: reset your password`;
  return {
    to,
    subject,
    links: [link],
    text: `Someone asked to reset the password of your ${BRAND} account. To choose a new password open:\n\n${link}\n\nThe link works once and expires in ${minutes} minutes. If it was not you, ignore this mail; your password stays as it is.\n`,
    html: wrap("Reset your password", html`<p>Someone asked to reset the password of your account. To choose a new password open:</p>
<p><a href="${link}">Choose a new password</a></p><p style="word-break:break-all">${link}</p>
<p>The link works once and expires in ${minutes} minutes. If it was not you, ignore this mail; your password stays as it is.</p>`),
  };
}

export function passwordChangedMail(to: string): Mail {
  const subject = `${BRAND}: your password was changed`;
  return {
    to,
    subject,
    links: [],
    text: `The password of your ${BRAND} account was just changed and every signed-in session was signed out. If this was not you, reset your password now and tell the operator.\n`,
    html: wrap("Your password was changed", html`<p>The password of your account was just changed and every signed-in session was signed out.</p>
<p>If this was not you, reset your password now and tell the operator.</p>`),
  };
}
