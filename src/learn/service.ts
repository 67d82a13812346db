// Lessons and progress. Reading is open to anyone; completing a lesson takes the right answer
// to its check question and pays XP once (25 per lesson, 150 per finished track; seed 003 "XP
// Sources"), and finishing every track earns `rabbit_hole_complete` through the game.
//
// Why completion is two steps: the lesson row and its XP commit together (unique per user and
// lesson, so a raced or repeated request pays once); the track check runs after that commit,
// in its own transaction, so two last lessons finished at the same moment on PostgreSQL — each
// blind to the other's uncommitted row — still see each other afterwards and one of them
// completes the track (its row and XP are unique too).
import { AppError } from "../core/errors.ts";
import type { Clock } from "../core/time.ts";
import type { Repos } from "../db/repos.ts";
import { createEventBus, type EventBus, type EventSource } from "../events.ts";
import type { Game } from "../game/service.ts";
import { grantXpOnce } from "../game/xp-grant.ts";
import { XP } from "../game/xp.ts";
import type { Logger } from "../log.ts";
import { findLesson, findTrack, TRACKS, type Lesson, type Track } from "./catalog.ts";

/** The badge for finishing every track (seed 003 trigger `education_track`). */
export const ALL_TRACKS_BADGE = "rabbit_hole_complete";

type LevelUp = { from: number; to: number; title: string } | null;

/** What the feed (and notifications) can follow. Published after the rows are committed. */
export interface LearnEventMap {
  "learn.lesson_completed": { userId: number; track: string; lesson: string; title: string; xp: number; levelUp: LevelUp; at: number };
  "learn.track_completed": { userId: number; track: string; title: string; xp: number; levelUp: LevelUp; allTracksDone: boolean; at: number };
}

export interface LearnDeps {
  repos: Repos;
  game: Pick<Game, "grantBadge">;
  log: Logger;
  now?: Clock;
}

export interface TrackProgress {
  track: Track;
  /** Slugs of this track's lessons the user completed. */
  done: ReadonlySet<string>;
  completedAt: number | null;
  completions: number;
}

export interface LessonView {
  track: Track;
  lesson: Lesson;
  completedAt: number | null;
  prev: Lesson | null;
  next: Lesson | null;
  done: ReadonlySet<string>;
}

export interface CompleteResult {
  /** False when the lesson was completed before (nothing paid again). */
  newlyCompleted: boolean;
  xpGranted: number;
  trackCompleted: boolean;
  allTracksDone: boolean;
  badgeEarned: boolean;
  totalXp: number;
}

export interface Progress {
  lessonsDone: number;
  lessonsTotal: number;
  tracksDone: number;
  tracksTotal: number;
  xpEarned: number;
  /** The first lesson not yet done, in track order; null when everything is done. */
  next: Lesson | null;
}

export interface Learn {
  events: EventSource<LearnEventMap>;
  tracks(userId: number | null): Promise<TrackProgress[]>;
  track(userId: number | null, slug: string): Promise<TrackProgress>;
  lesson(userId: number | null, trackSlug: string, lessonSlug: string): Promise<LessonView>;
  /** `answer` is the index of the chosen choice; a wrong one is refused and changes nothing. */
  complete(userId: number, trackSlug: string, lessonSlug: string, answer: number): Promise<CompleteResult>;
  progress(userId: number): Promise<Progress>;
  history(userId: number, opts: { limit: number; before?: number }): Promise<{ lesson: Lesson; track: Track; completedAt: number }[]>;
  idle(): Promise<void>;
}

const trackOr404 = (slug: string) => {
  const t = findTrack(slug);
  if (!t) throw new AppError("NOT_FOUND", `No track "${slug}"`, { reason: "TRACK_NOT_FOUND" });
  return t;
};

const lessonOr404 = (trackSlug: string, lessonSlug: string) => {
  const t = trackOr404(trackSlug);
  const l = findLesson(trackSlug, lessonSlug);
  if (!l) throw new AppError("NOT_FOUND", `No lesson "${lessonSlug}" in track "${trackSlug}"`, { reason: "LESSON_NOT_FOUND" });
  return { t, l };
};

export function createLearn(deps: LearnDeps): Learn {
  const { repos, game } = deps;
  const now = deps.now ?? Date.now;
  const log = deps.log.child("learn");
  const bus: EventBus<LearnEventMap> = createEventBus<LearnEventMap>({ onError: (sub, err) => log.warn("learn event subscriber failed", { sub, err: String(err) }) });

  /** Completed lesson slugs per track (only lessons that still exist count). */
  const doneByTrack = async (userId: number | null) => {
    const out = new Map<string, Set<string>>();
    if (userId === null) return out;
    for (const r of await repos.learn.listLessonCompletions(userId)) {
      if (!findLesson(r.trackSlug, r.lessonSlug)) continue;
      let s = out.get(r.trackSlug);
      if (!s) out.set(r.trackSlug, (s = new Set()));
      s.add(r.lessonSlug);
    }
    return out;
  };
  const trackDoneAt = async (userId: number | null) =>
    userId === null ? new Map<string, number>() : new Map((await repos.learn.listTrackCompletions(userId)).map((r) => [r.trackSlug, r.completedAt]));

  const learn: Learn = {
    events: bus,
    async tracks(userId) {
      const [done, at, counts] = await Promise.all([doneByTrack(userId), trackDoneAt(userId), repos.learn.trackCompletionCounts()]);
      return TRACKS.map((track) => ({ track, done: done.get(track.slug) ?? new Set(), completedAt: at.get(track.slug) ?? null, completions: counts[track.slug] ?? 0 }));
    },
    async track(userId, slug) {
      const track = trackOr404(slug);
      const [done, at, counts] = await Promise.all([doneByTrack(userId), trackDoneAt(userId), repos.learn.trackCompletionCounts()]);
      return { track, done: done.get(slug) ?? new Set(), completedAt: at.get(slug) ?? null, completions: counts[slug] ?? 0 };
    },
    async lesson(userId, trackSlug, lessonSlug) {
      const { t, l } = lessonOr404(trackSlug, lessonSlug);
      const rows = userId === null ? [] : await repos.learn.listLessonCompletions(userId);
      const mine = rows.filter((r) => r.trackSlug === trackSlug);
      const i = l.order - 1;
      return {
        track: t, lesson: l, completedAt: mine.find((r) => r.lessonSlug === lessonSlug)?.completedAt ?? null,
        prev: t.lessons[i - 1] ?? null, next: t.lessons[i + 1] ?? null, done: new Set(mine.map((r) => r.lessonSlug)),
      };
    },
    async complete(userId, trackSlug, lessonSlug, answer) {
      const { t, l } = lessonOr404(trackSlug, lessonSlug);
      if (!Number.isInteger(answer) || answer < 0 || answer >= l.choices.length)
        throw new AppError("VALIDATION", `answer must be the index of one of the ${l.choices.length} choices (0 to ${l.choices.length - 1})`, { reason: "INVALID_ANSWER" });
      if (answer !== l.answer) throw new AppError("VALIDATION", "Not quite: that is not the right answer. Read the lesson again and try once more.", { reason: "WRONG_ANSWER" });
      const at = now();

      const first = await repos.transaction(async (tx) => {
        if (!(await tx.learn.insertLessonCompletion({ userId, trackSlug, lessonSlug, completedAt: at }))) return null;
        return grantXpOnce(tx, userId, "lesson", XP.LESSON_COMPLETED, `${trackSlug}/${lessonSlug}`, at);
      });
      if (first) bus.publish("learn.lesson_completed", { userId, track: trackSlug, lesson: lessonSlug, title: l.title, xp: first.amount, levelUp: first.levelUp, at });

      // After the commit, so lessons finished at the same moment see each other (see the top).
      const trackStep = await repos.transaction(async (tx) => {
        const done = new Set((await tx.learn.listLessonCompletions(userId)).filter((r) => r.trackSlug === trackSlug).map((r) => r.lessonSlug));
        if (!t.lessons.every((x) => done.has(x.slug))) return null;
        if (!(await tx.learn.insertTrackCompletion({ userId, trackSlug, completedAt: at }))) return null;
        const g = await grantXpOnce(tx, userId, "track", XP.TRACK_COMPLETED, trackSlug, at);
        const finished = new Set((await tx.learn.listTrackCompletions(userId)).map((r) => r.trackSlug));
        return { g, allDone: TRACKS.every((x) => finished.has(x.slug)) };
      });
      if (trackStep) bus.publish("learn.track_completed", { userId, track: trackSlug, title: t.title, xp: trackStep.g.amount, levelUp: trackStep.g.levelUp, allTracksDone: trackStep.allDone, at });

      // Checked every time (not only by the step that finished a track): a badge grant that
      // failed once is made good by the next completion; grantBadge pays once per user.
      const finished = new Set((await repos.learn.listTrackCompletions(userId)).map((r) => r.trackSlug));
      const allDone = TRACKS.every((x) => finished.has(x.slug));
      const badgeEarned = allDone ? await game.grantBadge(userId, ALL_TRACKS_BADGE, "all-tracks") : false;
      const state = await repos.game.getState(userId);
      return {
        newlyCompleted: first !== null, xpGranted: (first?.amount ?? 0) + (trackStep?.g.amount ?? 0), trackCompleted: trackStep !== null, allTracksDone: allDone,
        badgeEarned, totalXp: state?.totalXp ?? 0,
      };
    },
    async progress(userId) {
      const [done, at, xp] = await Promise.all([doneByTrack(userId), trackDoneAt(userId), repos.game.xpBySource(userId)]);
      let lessonsDone = 0;
      let next: Lesson | null = null;
      for (const t of TRACKS)
        for (const l of t.lessons) {
          if (done.get(t.slug)?.has(l.slug)) lessonsDone++;
          else next ??= l;
        }
      return {
        lessonsDone, lessonsTotal: TRACKS.reduce((n, t) => n + t.lessons.length, 0), tracksDone: TRACKS.filter((t) => at.has(t.slug)).length, tracksTotal: TRACKS.length,
        xpEarned: xp.filter((r) => r.source === "lesson" || r.source === "track").reduce((s, r) => s + r.total, 0), next,
      };
    },
    async history(userId, opts) {
      const rows = await repos.learn.recentLessonCompletions({ userId, ...opts });
      const out: { lesson: Lesson; track: Track; completedAt: number }[] = [];
      for (const r of rows) {
        const lesson = findLesson(r.trackSlug, r.lessonSlug);
        if (lesson) out.push({ lesson, track: findTrack(r.trackSlug)!, completedAt: r.completedAt });
      }
      return out;
    },
    idle: () => bus.drain(),
  };
  return learn;
}
