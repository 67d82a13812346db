// The app's places, in one table: the tab bar (bottom on phones and in Telegram, top on wide
// screens) and the section tabs inside a place are drawn from it, and the current tab is found
// from the page's path. A feature that adds pages adds them here — a tab appears once it has a
// page (no placeholder page claims a feature that does not exist).
import { ICONS, type IconName } from "./icons.ts";

export interface Section {
  href: string;
  label: string;
}

export interface Tab {
  id: "home" | "mine" | "tap" | "play" | "ranks" | "me";
  label: string;
  icon: IconName;
  /** Path prefixes that belong to this place; the first is where the tab leads. Empty = not shown. */
  pages: string[];
  /** Sibling pages shown as tabs at the top of the place (only on those pages). */
  sections?: Section[];
}

export const TABS: readonly Tab[] = [
  { id: "home", label: "Home", icon: "home", pages: ["/"] },
  {
    id: "mine",
    label: "Mine",
    icon: "mine",
    pages: ["/dashboard", "/setup", "/pool"],
    sections: [
      { href: "/dashboard", label: "Dashboard" },
      { href: "/setup", label: "Setup" },
      { href: "/pool", label: "Pool" },
    ],
  },
  // The game's pages (lottery, tap economy… add theirs here).
  {
    id: "play",
    label: "Play",
    icon: "play",
    pages: ["/play", "/learn", "/coops", "/worldcup", "/leagues"],
    sections: [
      { href: "/play", label: "Progress" },
      { href: "/play/badges", label: "Badges" },
      { href: "/play/xp", label: "XP" },
      { href: "/play/lottery", label: "Lottery" },
      { href: "/play/games", label: "Games" },
      { href: "/learn", label: "Learn" },
      { href: "/coops", label: "Coops" },
      { href: "/worldcup", label: "World Cup" },
      { href: "/leagues", label: "Leagues" },
    ],
  },
  // The token economy: the tap game and what its tokens buy (a longer prefix than /play wins).
  {
    id: "tap",
    label: "Tap",
    icon: "tap",
    pages: ["/play/tap", "/play/daily", "/play/quests", "/play/achievements", "/play/characters", "/play/airdrops", "/play/boards", "/play/wallet"],
    sections: [
      { href: "/play/tap", label: "Tap" },
      { href: "/play/daily", label: "Daily" },
      { href: "/play/quests", label: "Quests" },
      { href: "/play/achievements", label: "Awards" },
      { href: "/play/characters", label: "Heroes" },
      { href: "/play/airdrops", label: "Drops" },
      { href: "/play/boards", label: "Boards" },
      { href: "/play/wallet", label: "Wallet" },
    ],
  },
  {
    id: "ranks",
    label: "Ranks",
    icon: "ranks",
    pages: ["/ranks"],
    sections: [
      { href: "/ranks", label: "Week" },
      { href: "/ranks/monthly", label: "Month" },
      { href: "/ranks/alltime", label: "All time" },
      { href: "/ranks/countries", label: "Countries" },
    ],
  },
  {
    id: "me",
    label: "Me",
    icon: "me",
    pages: ["/account", "/signin", "/register", "/forgot-password", "/reset-password", "/verify-email", "/admin"],
    sections: [
      { href: "/account", label: "Profile" },
      { href: "/account/address", label: "Address" },
      { href: "/account/keys", label: "API keys" },
      { href: "/account/sessions", label: "Sessions" },
      { href: "/account/notifications", label: "Inbox" },
    ],
  },
];

export const tabIcon = (t: Tab) => ICONS[t.icon];

/** Tabs that have at least one page, in display order. */
export function visibleTabs(): Tab[] {
  return TABS.filter((t) => t.pages.length > 0);
}

const owns = (prefix: string, path: string) => (prefix === "/" ? path === "/" : path === prefix || path.startsWith(prefix + "/"));

/** The place a path belongs to (longest matching prefix), or null (an error page, /docs…). */
export function tabFor(path: string): Tab | null {
  let best: Tab | null = null;
  let len = -1;
  for (const t of TABS)
    for (const p of t.pages)
      if (owns(p, path) && p.length > len) {
        best = t;
        len = p.length;
      }
  return best;
}

/** An inner page (a detail below a place's pages, e.g. /account/keys) gets Telegram's Back button. */
export function isInner(path: string): boolean {
  const sibling = TABS.some((t) => t.sections?.some((s) => s.href === path));
  return !sibling && path.split("/").filter(Boolean).length > 1;
}
