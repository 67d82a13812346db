// /api/v1/games/sessions: play a mini-game (the server decides the outcome from the caller's own
// data and records the play) and the caller's history of plays.
import { Elysia, t } from "elysia";
import type { Guards } from "../../auth/guards.ts";
import { GAME_TYPES, type Games, type PlayResult } from "../../compete/games.ts";
import { caller } from "../plugins/caller.ts";

export const playJson = (p: PlayResult) => ({ id: p.id, game: p.game, played_at: new Date(p.playedAt).toISOString(), score: p.score, summary: p.summary, reveal: p.reveal });

const HistoryQuery = t.Object({ limit: t.Optional(t.Integer({ minimum: 1, maximum: 100 })), cursor: t.Optional(t.Integer({ minimum: 1 })) });

export function gamesRoutes(games: Games, guards: Guards) {
  const history = async ({ me, query }: { me: { user: { id: number } }; query: { limit?: number; cursor?: number } }) => {
    const limit = query.limit ?? 20;
    const rows = await games.history(me.user.id, { limit: limit + 1, beforeId: query.cursor });
    const page = rows.slice(0, limit);
    return { data: page.map(playJson), pagination: { limit, has_more: rows.length > limit, next_cursor: rows.length > limit ? page[page.length - 1]!.id : null } };
  };
  return new Elysia({ name: "games", prefix: "/api/v1/games", detail: { tags: ["Games"] } })
    .use(caller(guards))
    .post("/sessions", async ({ me, body }) => playJson(await games.play(me.user.id, body.game)), {
      user: true,
      body: t.Object({ game: t.Union(GAME_TYPES.map((g) => t.Literal(g))) }),
      detail: { summary: "Play a mini-game: its outcome is the caller's own stored numbers (nothing random, nothing wagered)" },
    })
    .get("/sessions", history, { user: true, query: HistoryQuery, detail: { summary: "The caller's plays, newest first" } })
    .get("/history", history, { user: true, query: HistoryQuery, detail: { summary: "The caller's plays, newest first (same as GET /sessions)" } });
}
