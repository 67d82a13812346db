// The activity feed as a list (Home shows the pool's, the Play page the player's own). The text
// comes from the game with the actor's name already resolved by their privacy settings; escaped here.
import { timeAgo } from "../format.ts";
import { html, type Html } from "../html.ts";
import { ICONS } from "../icons.ts";

export interface FeedItem {
  id: number;
  kind: string;
  text: string;
  createdAt: number;
}

const MARK: Record<string, Html> = { block_found: ICONS.block, badge_earned: ICONS.star, miner_joined: ICONS.plus, level_up: ICONS.up, personal_best: ICONS.up };

export function feedList(items: FeedItem[], now: number, empty: string, zone?: string | null): Html {
  if (items.length === 0) return html`<p class="muted">${empty}</p>`;
  return html`<ul class="list feed">${items.map(
    (e) => html`<li class="feed-item" data-kind="${e.kind}"><span class="feed-mark" aria-hidden="true">${MARK[e.kind] ?? ICONS.star}</span><span class="feed-text">${e.text}</span> <span class="muted small">${timeAgo(e.createdAt, now, "never", zone)}</span></li>`,
  )}</ul>`;
}

/** Home's pool feed, loaded by static/app.js into #pool-feed. */
export function poolFeed(items: FeedItem[], now: number, zone?: string | null): Html {
  return html`<section id="pool-feed" class="card" aria-labelledby="feed-h" data-loaded="1"><h2 id="feed-h">Pool activity</h2>${feedList(items, now, "Nothing yet: blocks, rare badges and new miners show up here.", zone)}</section>`;
}
