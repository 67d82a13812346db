// An error a browser reaches (unknown page, forbidden, our failure) is a page of the app, with
// the navigation around it; APIs keep the JSON error shape (src/http/app.ts decides).
import { html, type Html } from "../html.ts";
import { ICONS } from "../icons.ts";

const TEXT: Record<number, { title: string; hint: string }> = {
  403: { title: "Not allowed", hint: "Your account cannot open this page." },
  404: { title: "Page not found", hint: "There is no page at this address. It may have moved." },
  500: { title: "Something went wrong", hint: "The pool hit an error showing this page. Mining is not affected; try again in a moment." },
};

export function errorTitle(status: number): string {
  return (TEXT[status] ?? (status >= 500 ? TEXT[500]! : { title: "This request did not work" })).title;
}

export function errorPage(status: number, message: string, requestId?: string): Html {
  const t = TEXT[status] ?? (status >= 500 ? TEXT[500]! : { title: "This request did not work", hint: "" });
  return html`<section class="empty" data-status="${status}">
  ${ICONS.alert}
  <h1>${t.title}</h1>
  <p>${status >= 500 || status === 404 ? t.hint : message}</p>
  <p><a class="button" href="/">Go to Home</a></p>
  ${requestId ? html`<p class="muted small">Error ${status} · request ${requestId}</p>` : html`<p class="muted small">Error ${status}</p>`}
</section>`;
}
