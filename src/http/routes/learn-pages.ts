// The Learn pages (server-rendered, under Play): tracks, a track's lessons, the lesson reader.
// Answering a lesson's check question posts the form (htmx swaps in the outcome).
import { Elysia, t } from "elysia";
import type { Guards } from "../../auth/guards.ts";
import type { Track } from "../../learn/catalog.ts";
import type { Learn, LessonView, TrackProgress } from "../../learn/service.ts";
import { XP } from "../../game/xp.ts";
import { checkCard, lessonPage, tracksPage, trackPage, type CheckOutcome, type ReaderView, type TrackCard } from "../../../views/pages/learn.ts";
import { htmlResponse, renderPage } from "../page.ts";
import { caller } from "../plugins/caller.ts";
import { field, messageOf } from "./auth-pages.ts";

const slug = t.String({ pattern: "^[a-z0-9-]{1,64}$" });

const card = (p: TrackProgress): TrackCard => ({
  slug: p.track.slug, title: p.track.title, description: p.track.description, difficulty: p.track.difficulty, lessons: p.track.lessons.length, done: p.done.size,
  completed: p.completedAt !== null, xp: XP.LESSON_COMPLETED * p.track.lessons.length + XP.TRACK_COMPLETED,
});
const ref = (l: Track["lessons"][number] | null) => (l ? { slug: l.slug, title: l.title } : null);

function reader(v: LessonView): ReaderView {
  const l = v.lesson;
  return {
    track: { slug: v.track.slug, title: v.track.title, lessons: v.track.lessons.length, done: v.done.size },
    lesson: { slug: l.slug, title: l.title, order: l.order, minutes: l.minutes, html: l.html, question: l.question, choices: l.choices, completed: v.completedAt !== null },
    prev: ref(v.prev), next: ref(v.next),
  };
}

export function learnPageRoutes(learn: Learn, guards: Guards) {
  return new Elysia({ name: "learn-pages" })
    .use(caller(guards))
    .get(
      "/learn",
      async ({ me, request }) => {
        const [tracks, p] = await Promise.all([learn.tracks(me.user.id), learn.progress(me.user.id)]);
        return renderPage(
          request,
          { title: "Learn", path: "/learn" },
          tracksPage({ tracks: tracks.map(card), lessonsDone: p.lessonsDone, lessonsTotal: p.lessonsTotal, xpEarned: p.xpEarned, next: p.next ? { track: p.next.trackSlug, slug: p.next.slug, title: p.next.title } : null }),
        );
      },
      { page: "user", detail: { hide: true } },
    )
    .get(
      "/learn/:track",
      async ({ me, request, params }) => {
        const p = await learn.track(me.user.id, params.track);
        return renderPage(request, { title: p.track.title, path: `/learn/${p.track.slug}` }, trackPage({ track: card(p), lessons: p.track.lessons.map((l) => ({ slug: l.slug, title: l.title, order: l.order, minutes: l.minutes, done: p.done.has(l.slug) })) }));
      },
      { page: "user", params: t.Object({ track: slug }), detail: { hide: true } },
    )
    .get(
      "/learn/:track/:lesson",
      async ({ me, request, params }) => {
        const v = await learn.lesson(me.user.id, params.track, params.lesson);
        return renderPage(request, { title: v.lesson.title, path: `/learn/${v.track.slug}/${v.lesson.slug}` }, lessonPage(reader(v)));
      },
      { page: "user", params: t.Object({ track: slug, lesson: slug }), detail: { hide: true } },
    )
    .post(
      "/learn/:track/:lesson",
      async ({ me, params, body }) => {
        const before = reader(await learn.lesson(me.user.id, params.track, params.lesson));
        const raw = field(body, "answer", 4);
        let outcome: CheckOutcome;
        if (!/^\d{1,2}$/.test(raw)) outcome = { error: "Pick one of the answers first." };
        else
          try {
            const r = await learn.complete(me.user.id, params.track, params.lesson, Number(raw));
            outcome = { xp: r.xpGranted, trackCompleted: r.trackCompleted, allTracksDone: r.allTracksDone, badgeEarned: r.badgeEarned, totalXp: r.totalXp };
          } catch (e) {
            outcome = { error: messageOf(e) };
          }
        return htmlResponse(checkCard(before, outcome));
      },
      { page: "user", params: t.Object({ track: slug, lesson: slug }), detail: { hide: true } },
    );
}
