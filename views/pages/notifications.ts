// The notification centre: the player's notifications, newest first, unread marked, with
// "mark read" per item and "mark all read".
import { timeAgo } from "../format.ts";
import { html, type Html } from "../html.ts";

export interface NotificationItem {
  id: number;
  type: string;
  title: string;
  body: string;
  read: boolean;
  at: number;
}

export function notificationsPage(v: { now: number; zone: string | null; items: NotificationItem[]; unread: number; next: number | null }): Html {
  return html`<h1>Notifications</h1>
<p class="muted"><span data-testid="unread" data-unread-count="${v.unread}">${v.unread}</span> unread · <a href="/account">Notification settings</a></p>
${v.unread > 0 ? html`<form hx-post="/account/notifications/read-all"><button type="submit" class="secondary">Mark all read</button></form>` : ""}
${v.items.length === 0
  ? html`<p class="empty muted">No notifications yet. Badges, levels, records, streaks and blocks will show up here.</p>`
  : html`<ul class="notif-list">${v.items.map(
      (n) => html`<li class="card notif${n.read ? "" : " unread"}" data-type="${n.type}" data-testid="notification">
  <p><strong>${n.title}</strong>${n.read ? "" : html` <span class="chip ok">new</span>`}</p>
  <p>${n.body}</p>
  <p class="row-between"><span class="muted small">${timeAgo(n.at, v.now, "", v.zone)}</span>${n.read ? "" : html`<form hx-post="/account/notifications/${n.id}/read"><button type="submit" class="secondary small">Mark read</button></form>`}</p>
</li>`,
    )}</ul>`}
${v.next !== null ? html`<p><a href="/account/notifications?cursor=${v.next}">Older</a></p>` : ""}`;
}
