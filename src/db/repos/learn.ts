// LearnRepo, written once for both engines (see conn.ts).
import { and, asc, count, desc, eq, lt } from "drizzle-orm";
import type { LearnRepo } from "../repos.ts";
import type { Conn } from "./conn.ts";

export function learnRepo(c: Conn): LearnRepo {
  const { orm, t } = c;
  const { lessonCompletions: lc, trackCompletions: tc } = t;
  return {
    insertLessonCompletion: (row) =>
      orm
        .insert(lc)
        .values(row)
        .onConflictDoNothing()
        .returning({ slug: lc.lessonSlug })
        .then((r) => r.length > 0),
    insertTrackCompletion: (row) =>
      orm
        .insert(tc)
        .values(row)
        .onConflictDoNothing()
        .returning({ slug: tc.trackSlug })
        .then((r) => r.length > 0),
    listLessonCompletions: (userId) => orm.select().from(lc).where(eq(lc.userId, userId)).orderBy(asc(lc.completedAt), asc(lc.trackSlug), asc(lc.lessonSlug)),
    listTrackCompletions: (userId) => orm.select().from(tc).where(eq(tc.userId, userId)).orderBy(asc(tc.completedAt), asc(tc.trackSlug)),
    recentLessonCompletions: ({ userId, limit, before }) =>
      orm
        .select()
        .from(lc)
        .where(before === undefined ? eq(lc.userId, userId) : and(eq(lc.userId, userId), lt(lc.completedAt, before)))
        .orderBy(desc(lc.completedAt), desc(lc.trackSlug), desc(lc.lessonSlug))
        .limit(limit),
    trackCompletionCounts: () =>
      orm
        .select({ slug: tc.trackSlug, n: count() })
        .from(tc)
        .groupBy(tc.trackSlug)
        .then((r) => Object.fromEntries(r.map((x) => [x.slug, Number(x.n)]))),
  };
}
