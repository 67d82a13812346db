// /api/v1/users/me/notifications: the signed-in caller's notifications (written by the game and
// by the features that call its `notify`), newest first, with read/unread.
import { Elysia, t } from "elysia";
import type { Guards } from "../../auth/guards.ts";
import { notificationOf } from "../../game/notify.ts";
import type { Game } from "../../game/service.ts";
import type { NotificationRow } from "../../db/repos.ts";
import { notFound } from "../errors.ts";
import { caller } from "../plugins/caller.ts";

const iso = (ms: number) => new Date(ms).toISOString();

export const NotificationModel = t.Object({
  id: t.Integer(), type: t.String(), title: t.String(), body: t.String(), data: t.Nullable(t.Record(t.String(), t.Unknown())),
  is_read: t.Boolean(), read_at: t.Nullable(t.String()), created_at: t.String(),
});
export const NotificationListModel = t.Object({
  data: t.Array(NotificationModel), unread_count: t.Integer(), pagination: t.Object({ limit: t.Integer(), has_more: t.Boolean(), next_cursor: t.Nullable(t.Integer()) }),
});

export const notificationJson = (r: NotificationRow) => {
  const n = notificationOf(r);
  return { id: n.id, type: n.type, title: n.title, body: n.body, data: n.data, is_read: r.readAt !== null, read_at: r.readAt === null ? null : iso(r.readAt), created_at: iso(n.createdAt) };
};

export function notificationRoutes(game: Game, guards: Guards) {
  return new Elysia({ name: "notifications", prefix: "/api/v1/users/me/notifications", detail: { tags: ["Users"] } })
    .use(caller(guards))
    .get(
      "",
      async ({ me, query }) => {
        const limit = query.limit ?? 20;
        const [rows, unread] = await Promise.all([game.notifications(me.user.id, { limit: limit + 1, beforeId: query.cursor, unreadOnly: query.unread === "true" }), game.unreadCount(me.user.id)]);
        const page = rows.slice(0, limit);
        return { data: page.map(notificationJson), unread_count: unread, pagination: { limit, has_more: rows.length > limit, next_cursor: rows.length > limit ? page[page.length - 1]!.id : null } };
      },
      {
        user: true,
        query: t.Object({
          limit: t.Optional(t.Integer({ minimum: 1, maximum: 100 })), cursor: t.Optional(t.Integer({ minimum: 1, description: "next_cursor of the previous page" })),
          unread: t.Optional(t.Union([t.Literal("true"), t.Literal("false")], { description: "true: unread only" })),
        }),
        response: { 200: NotificationListModel },
        detail: { summary: "Your notifications, newest first" },
      },
    )
    .get("/unread-count", async ({ me }) => ({ unread_count: await game.unreadCount(me.user.id) }), {
      user: true, response: { 200: t.Object({ unread_count: t.Integer() }) }, detail: { summary: "How many of your notifications are unread" },
    })
    .post(
      "/:id/read",
      async ({ me, params }) => {
        if (!(await game.markRead(me.user.id, params.id))) {
          // Already read is fine (idempotent); someone else's or missing is a 404.
          const mine = await game.notifications(me.user.id, { limit: 1, beforeId: params.id + 1 });
          if (mine[0]?.id !== params.id) throw notFound("Notification");
        }
        return { read: true, unread_count: await game.unreadCount(me.user.id) };
      },
      { user: true, params: t.Object({ id: t.Integer({ minimum: 1 }) }), detail: { summary: "Mark one notification read" } },
    )
    .post("/read-all", async ({ me }) => ({ marked: await game.markAllRead(me.user.id), unread_count: 0 }), {
      user: true, detail: { summary: "Mark all your notifications read" },
    });
}
