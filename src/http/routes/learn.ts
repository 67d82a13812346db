// /api/v1/education/*: the tracks, their lessons and the reader's progress. Reading is open
// ({ optionalUser: true }: a signed-in caller also gets their progress); completing a lesson,
// progress and history need a signed-in caller.
import { Elysia, t } from "elysia";
import type { Guards } from "../../auth/guards.ts";
import type { Lesson, Track } from "../../learn/catalog.ts";
import { ALL_TRACKS_BADGE, type Learn, type TrackProgress } from "../../learn/service.ts";
import { XP } from "../../game/xp.ts";
import { caller } from "../plugins/caller.ts";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const slug = t.String({ pattern: "^[a-z0-9-]{1,64}$" });

const lessonRef = (l: Lesson | null) => (l ? { track: l.trackSlug, slug: l.slug, title: l.title } : null);

const TrackJson = t.Object({
  slug: t.String(),
  title: t.String(),
  description: t.String(),
  difficulty: t.String(),
  lesson_count: t.Integer(),
  xp_reward: t.Integer({ description: "XP for every lesson plus the track bonus" }),
  completed_lessons: t.Integer(),
  completed: t.Boolean(),
  completed_at: t.Nullable(t.String()),
  players_completed: t.Integer(),
});
const LessonSummary = t.Object({ slug: t.String(), title: t.String(), order: t.Integer(), estimated_minutes: t.Integer(), xp_reward: t.Integer(), completed: t.Boolean() });
const LessonRef = t.Nullable(t.Object({ track: t.String(), slug: t.String(), title: t.String() }));

function trackJson(p: TrackProgress) {
  const tr = p.track;
  return {
    slug: tr.slug, title: tr.title, description: tr.description, difficulty: tr.difficulty, lesson_count: tr.lessons.length,
    xp_reward: XP.LESSON_COMPLETED * tr.lessons.length + XP.TRACK_COMPLETED, completed_lessons: p.done.size, completed: p.completedAt !== null,
    completed_at: iso(p.completedAt), players_completed: p.completions,
  };
}
const lessonSummary = (tr: Track, done: ReadonlySet<string>) =>
  tr.lessons.map((l) => ({ slug: l.slug, title: l.title, order: l.order, estimated_minutes: l.minutes, xp_reward: XP.LESSON_COMPLETED, completed: done.has(l.slug) }));

export function learnRoutes(learn: Learn, guards: Guards) {
  return new Elysia({ name: "education", prefix: "/api/v1/education", detail: { tags: ["Education"] } })
    .use(caller(guards))
    .get("/tracks", async ({ me }) => ({ tracks: (await learn.tracks(me?.user.id ?? null)).map(trackJson) }), {
      optionalUser: true,
      response: t.Object({ tracks: t.Array(TrackJson) }),
      detail: { summary: "Every track, with the caller's progress when signed in" },
    })
    .get(
      "/tracks/:slug",
      async ({ me, params }) => {
        const p = await learn.track(me?.user.id ?? null, params.slug);
        return { ...trackJson(p), lessons: lessonSummary(p.track, p.done) };
      },
      {
        optionalUser: true,
        params: t.Object({ slug }),
        response: t.Composite([TrackJson, t.Object({ lessons: t.Array(LessonSummary) })]),
        detail: { summary: "One track and its lessons in order" },
      },
    )
    .get(
      "/tracks/:slug/lessons/:lesson",
      async ({ me, params }) => {
        const v = await learn.lesson(me?.user.id ?? null, params.slug, params.lesson);
        const l = v.lesson;
        return {
          track: v.track.slug, slug: l.slug, title: l.title, order: l.order, estimated_minutes: l.minutes, xp_reward: XP.LESSON_COMPLETED,
          content: l.markdown, content_html: l.html, question: { text: l.question, choices: [...l.choices] },
          completed: v.completedAt !== null, completed_at: iso(v.completedAt),
          track_progress: { completed_lessons: v.done.size, lesson_count: v.track.lessons.length },
          previous: lessonRef(v.prev), next: lessonRef(v.next),
        };
      },
      {
        optionalUser: true,
        params: t.Object({ slug, lesson: slug }),
        response: t.Object({
          track: t.String(), slug: t.String(), title: t.String(), order: t.Integer(), estimated_minutes: t.Integer(), xp_reward: t.Integer(),
          content: t.String({ description: "The lesson's Markdown" }), content_html: t.String({ description: "The lesson rendered and sanitised" }),
          question: t.Object({ text: t.String(), choices: t.Array(t.String()) }),
          completed: t.Boolean(), completed_at: t.Nullable(t.String()),
          track_progress: t.Object({ completed_lessons: t.Integer(), lesson_count: t.Integer() }),
          previous: LessonRef, next: LessonRef,
        }),
        detail: { summary: "One lesson: its content, check question and the caller's progress (the answer is never sent)" },
      },
    )
    .post(
      "/tracks/:slug/lessons/:lesson/complete",
      async ({ me, params, body }) => {
        const r = await learn.complete(me.user.id, params.slug, params.lesson, body.answer);
        return {
          completed: true, newly_completed: r.newlyCompleted, xp_granted: r.xpGranted, track_completed: r.trackCompleted,
          all_tracks_completed: r.allTracksDone, badge_earned: r.badgeEarned ? ALL_TRACKS_BADGE : null, total_xp: r.totalXp,
        };
      },
      {
        user: true,
        params: t.Object({ slug, lesson: slug }),
        body: t.Object({ answer: t.Integer({ minimum: 0, maximum: 20, description: "Index (from 0) of the chosen answer to the lesson's check question" }) }),
        response: t.Object({
          completed: t.Boolean(), newly_completed: t.Boolean({ description: "False when it was completed before: nothing is paid twice" }), xp_granted: t.Integer(),
          track_completed: t.Boolean({ description: "This answer finished the track" }), all_tracks_completed: t.Boolean(), badge_earned: t.Nullable(t.String()), total_xp: t.Integer(),
        }),
        detail: { summary: "Answer a lesson's check question; the right answer completes it (25 XP once, 150 XP for finishing its track); a wrong one is a 422 WRONG_ANSWER and changes nothing" },
      },
    )
    .get(
      "/progress",
      async ({ me }) => {
        const [p, tracks] = await Promise.all([learn.progress(me.user.id), learn.tracks(me.user.id)]);
        return {
          lessons_completed: p.lessonsDone, lesson_count: p.lessonsTotal, tracks_completed: p.tracksDone, track_count: p.tracksTotal, xp_earned: p.xpEarned,
          next_lesson: lessonRef(p.next), tracks: tracks.map((x) => ({ slug: x.track.slug, completed_lessons: x.done.size, lesson_count: x.track.lessons.length, completed_at: iso(x.completedAt) })),
        };
      },
      {
        user: true,
        response: t.Object({
          lessons_completed: t.Integer(), lesson_count: t.Integer(), tracks_completed: t.Integer(), track_count: t.Integer(), xp_earned: t.Integer(), next_lesson: LessonRef,
          tracks: t.Array(t.Object({ slug: t.String(), completed_lessons: t.Integer(), lesson_count: t.Integer(), completed_at: t.Nullable(t.String()) })),
        }),
        detail: { summary: "The caller's progress over every track and the next lesson to read" },
      },
    )
    .get(
      "/next",
      async ({ me }) => ({ next_lesson: lessonRef((await learn.progress(me.user.id)).next) }),
      { user: true, response: t.Object({ next_lesson: LessonRef }), detail: { summary: "The first lesson the caller has not completed, in track order (null when all are done)" } },
    )
    .get(
      "/completions",
      async ({ me, query }) => {
        const limit = query.limit ?? 50;
        const rows = await learn.history(me.user.id, { limit: limit + 1, ...(query.before ? { before: Date.parse(query.before) } : {}) });
        const page = rows.slice(0, limit);
        return {
          data: page.map((r) => ({ track: r.track.slug, lesson: r.lesson.slug, title: r.lesson.title, completed_at: iso(r.completedAt)! })),
          pagination: { limit, has_more: rows.length > limit, next_cursor: rows.length > limit ? iso(page[page.length - 1]!.completedAt) : null },
        };
      },
      {
        user: true,
        query: t.Object({ limit: t.Optional(t.Integer({ minimum: 1, maximum: 200 })), before: t.Optional(t.String({ format: "date-time", description: "next_cursor of the previous page" })) }),
        response: t.Object({
          data: t.Array(t.Object({ track: t.String(), lesson: t.String(), title: t.String(), completed_at: t.String() })),
          pagination: t.Object({ limit: t.Integer(), has_more: t.Boolean(), next_cursor: t.Nullable(t.String()) }),
        }),
        detail: { summary: "The caller's completed lessons, newest first" },
      },
    );
}
