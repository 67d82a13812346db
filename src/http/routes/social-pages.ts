// The coop pages (server-rendered, under Play): /coops (leaderboard, found one), /coops/:id,
// /coops/mine (invite link, members, leave) and /coops/invite/:code (where an invite link lands).
// Forms post normally (hx-boost swaps the answer into the page); a refusal re-renders the page
// with the domain's words.
import { Elysia, t } from "elysia";
import type { Guards } from "../../auth/guards.ts";
import { AppError } from "../../core/errors.ts";
import type { CoopDetail, Coops } from "../../social/coops.ts";
import { canManage, isRole, removeRefusal, type Role } from "../../social/roles.ts";
import { coopPage, coopsPage, myCoopPage, type CoopCard, type CoopPageView, type MemberLine } from "../../../views/pages/coops.ts";
import type { AppDeps } from "../deps.ts";
import { redirect, renderPage } from "../page.ts";
import { caller, type Principal } from "../plugins/caller.ts";
import { field, messageOf } from "./auth-pages.ts";

const card = (d: Pick<CoopDetail, "coop" | "stats">): CoopCard => ({
  id: d.coop.id, name: d.coop.name, description: d.coop.description, countryCode: d.coop.countryCode, joinMode: d.coop.joinMode,
  members: d.stats.members, shares: d.stats.acceptedShares, hashrate: d.stats.hashrate, blocks: d.stats.blocks,
});

function view(d: CoopDetail, me: Principal, opts: { inMyCoop: boolean; inviteCode?: string | null; origin: string }): CoopPageView {
  const my: Role | null = d.myRole;
  const members: MemberLine[] = d.members.map((m) => {
    const role: Role = isRole(m.role) ? m.role : "member";
    const self = m.userId === me.user.id;
    return {
      userId: m.userId, name: m.name, role, isMe: self,
      canRemove: !self && my !== null && removeRefusal(my, role) === null,
      canPromote: my === "founder" && role === "member",
      canDemote: my === "founder" && role === "admin",
      canHandOver: my === "founder" && !self,
    };
  });
  const open = d.coop.joinMode === "open" || (opts.inviteCode ?? null) === d.coop.inviteCode;
  return {
    coop: card(d), members, myRole: my, canJoin: !opts.inMyCoop && my === null && open, inviteCode: opts.inviteCode ?? null,
    inviteUrl: my && canManage(my) && d.inviteCode ? `${opts.origin}/coops/invite/${d.inviteCode}` : null,
  };
}

const slugId = t.Object({ id: t.Integer({ minimum: 1 }) });
const memberParams = t.Object({ userId: t.Integer({ minimum: 1 }) });

export function socialPageRoutes(coops: Coops, guards: Guards, deps?: Pick<AppDeps, "config">) {
  /** Invite links name the app's public address when one is set, else the one the page was asked on. */
  const originOf = (request: Request) => deps?.config.http.publicUrl?.replace(/\/$/, "") ?? new URL(request.url).origin;

  const listPage = async (request: Request, me: Principal, extra: { error?: string; form?: { name: string; description: string; joinMode: string } } = {}, status = 200) => {
    const [board, mine] = await Promise.all([coops.leaderboard(50), coops.mine(me.user.id)]);
    return renderPage(request, { title: "Cooperatives", path: "/coops" }, coopsPage({ board: board.map((e) => ({ rank: e.rank, ...card(e) })), mine: mine ? { id: mine.coop.id, name: mine.coop.name } : null, ...extra }), status);
  };
  const minePage = async (request: Request, me: Principal, msg: { error?: string; notice?: string } = {}) => {
    const d = await coops.mine(me.user.id);
    if (!d) return redirect(request, "/coops");
    return renderPage(request, { title: d.coop.name, path: "/coops/mine" }, myCoopPage({ ...view(d, me, { inMyCoop: true, origin: originOf(request) }), ...msg }));
  };
  const detailPage = async (request: Request, me: Principal, id: number, opts: { inviteCode?: string | null; error?: string } = {}, status = 200) => {
    const [d, mine] = await Promise.all([coops.detail(id, me.user.id), coops.mine(me.user.id)]);
    const path = opts.inviteCode ? `/coops/invite/${opts.inviteCode}` : `/coops/${id}`;
    return renderPage(request, { title: d.coop.name, path }, coopPage({ ...view(d, me, { inMyCoop: mine !== null, inviteCode: opts.inviteCode ?? null, origin: originOf(request) }), ...(opts.error ? { error: opts.error } : {}) }), status);
  };
  /** Runs a change of the caller's coop, then shows it (or the refusal on it). */
  const onMine = async (request: Request, me: Principal, fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (e) {
      return minePage(request, me, { error: messageOf(e) });
    }
    return redirect(request, "/coops/mine");
  };

  return new Elysia({ name: "social-pages" })
    .use(caller(guards))
    .get("/coops", ({ me, request }) => listPage(request, me), { page: "user", detail: { hide: true } })
    .post(
      "/coops",
      async ({ me, request, body }) => {
        const form = { name: field(body, "name", 64), description: field(body, "description", 400), joinMode: field(body, "invite_only", 2) === "1" ? "invite" : "open" };
        try {
          await coops.create(me.user.id, { name: form.name, description: form.description, joinMode: form.joinMode as "open" | "invite" });
        } catch (e) {
          return listPage(request, me, { error: messageOf(e), form }, 200);
        }
        return redirect(request, "/coops/mine");
      },
      { page: "user", detail: { hide: true } },
    )
    .get("/coops/mine", ({ me, request }) => minePage(request, me), { page: "user", detail: { hide: true } })
    .post("/coops/mine/leave", async ({ me, request }) => {
      try {
        await coops.leave(me.user.id);
      } catch (e) {
        return minePage(request, me, { error: messageOf(e) });
      }
      return redirect(request, "/coops");
    }, { page: "user", detail: { hide: true } })
    .post("/coops/mine/invite", ({ me, request }) => onMine(request, me, () => coops.renewInvite(me.user.id)), { page: "user", detail: { hide: true } })
    .post("/coops/mine/members/:userId/remove", ({ me, request, params }) => onMine(request, me, () => coops.remove(me.user.id, params.userId)), {
      page: "user", params: memberParams, detail: { hide: true },
    })
    .post("/coops/mine/members/:userId/handover", ({ me, request, params }) => onMine(request, me, () => coops.handOver(me.user.id, params.userId)), {
      page: "user", params: memberParams, detail: { hide: true },
    })
    .post(
      "/coops/mine/members/:userId/role",
      ({ me, request, params, body }) => {
        const role = field(body, "role", 8);
        return onMine(request, me, async () => {
          if (role !== "admin" && role !== "member") throw new AppError("VALIDATION", "role must be admin or member");
          await coops.setRole(me.user.id, params.userId, role);
        });
      },
      { page: "user", params: memberParams, detail: { hide: true } },
    )
    .get(
      "/coops/invite/:code",
      async ({ me, request, params }) => {
        const c = await coops.byInvite(params.code);
        return detailPage(request, me, c.id, { inviteCode: params.code });
      },
      { page: "user", params: t.Object({ code: t.String({ pattern: "^[a-z0-9]{6,32}$" }) }), detail: { hide: true } },
    )
    .get("/coops/:id", ({ me, request, params }) => detailPage(request, me, params.id), { page: "user", params: slugId, detail: { hide: true } })
    .post(
      "/coops/:id/join",
      async ({ me, request, params, body }) => {
        const code = field(body, "invite_code", 32) || null;
        try {
          await coops.join(me.user.id, params.id, code);
        } catch (e) {
          return detailPage(request, me, params.id, { inviteCode: code, error: messageOf(e) });
        }
        return redirect(request, "/coops/mine");
      },
      { page: "user", params: slugId, detail: { hide: true } },
    );
}
