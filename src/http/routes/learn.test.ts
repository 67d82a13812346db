// /api/v1/education/* and the Learn pages over the whole app (test/full-app.ts) on the suite's
// engine: reading is open, completing takes a signed-in caller and the right answer, XP is paid
// once, and bad input is a clear 4xx that changes nothing.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { fullApp, type FullApp } from "../../../test/full-app.ts";
import { TRACKS } from "../../learn/catalog.ts";

let f: FullApp;
let cookie: string;
beforeAll(async () => {
  f = await fullApp();
  cookie = await f.adminCookie();
});
afterAll(() => f.close());

const base = "http://127.0.0.1";
const get = (path: string, signedIn = true) => f.app.handle(new Request(base + path, { headers: signedIn ? { cookie } : {} }));
const post = (path: string, body: unknown, signedIn = true) =>
  f.app.handle(new Request(base + path, { method: "POST", headers: { "content-type": "application/json", origin: base, ...(signedIn ? { cookie } : {}) }, body: JSON.stringify(body) }));
const form = (path: string, fields: Record<string, string>) =>
  f.app.handle(new Request(base + path, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", origin: base, cookie, "hx-request": "true" }, body: new URLSearchParams(fields).toString() }));

const track = TRACKS[1]!;
const [l1, l2] = track.lessons as [(typeof track.lessons)[number], (typeof track.lessons)[number]];
const completePath = (l: typeof l1) => `/api/v1/education/tracks/${track.slug}/lessons/${l.slug}/complete`;

test("anyone can read the tracks and a lesson; the answer is never sent", async () => {
  const list = await (await get("/api/v1/education/tracks", false)).json();
  expect(list.tracks.map((t: { slug: string }) => t.slug)).toEqual(TRACKS.map((t) => t.slug));
  expect(list.tracks[1]).toMatchObject({ lesson_count: track.lessons.length, xp_reward: 25 * track.lessons.length + 150, completed_lessons: 0, completed: false });
  const one = await (await get(`/api/v1/education/tracks/${track.slug}`, false)).json();
  expect(one.lessons.map((l: { slug: string }) => l.slug)).toEqual(track.lessons.map((l) => l.slug));
  const res = await get(`/api/v1/education/tracks/${track.slug}/lessons/${l1.slug}`, false);
  const lesson = await res.json();
  expect(lesson).toMatchObject({ slug: l1.slug, title: l1.title, order: 1, completed: false, question: { text: l1.question, choices: [...l1.choices] }, previous: null, next: { slug: l2.slug } });
  expect(lesson.content_html).toContain("<p>");
  expect(JSON.stringify(lesson)).not.toContain('"answer"');
  expect((await get("/api/v1/education/tracks/no-such-track", false)).status).toBe(404);
  expect((await get(`/api/v1/education/tracks/${track.slug}/lessons/nope`, false)).status).toBe(404);
  expect((await get("/api/v1/education/tracks/BAD%20SLUG", false)).status).toBe(422);
});

test("completing needs a signed-in caller and the right answer; XP is paid once", async () => {
  expect((await post(completePath(l1), { answer: l1.answer }, false)).status).toBe(401);
  const wrong = await post(completePath(l1), { answer: (l1.answer + 1) % l1.choices.length });
  expect(wrong.status).toBe(422);
  expect((await wrong.json()).error.code).toBe("WRONG_ANSWER");
  expect((await post(completePath(l1), { answer: "two" })).status).toBe(422);
  expect((await post(completePath(l1), {})).status).toBe(422);
  expect((await (await get("/api/v1/education/progress")).json()).lessons_completed).toBe(0);

  const ok = await (await post(completePath(l1), { answer: l1.answer })).json();
  expect(ok).toMatchObject({ completed: true, newly_completed: true, xp_granted: 25, track_completed: false, badge_earned: null });
  const again = await (await post(completePath(l1), { answer: l1.answer })).json();
  expect(again).toMatchObject({ newly_completed: false, xp_granted: 0, total_xp: ok.total_xp });

  const p = await (await get("/api/v1/education/progress")).json();
  expect(p).toMatchObject({ lessons_completed: 1, xp_earned: 25, next_lesson: { track: TRACKS[0]!.slug, slug: TRACKS[0]!.lessons[0]!.slug } });
  const h = await (await get("/api/v1/education/completions")).json();
  expect(h.data.map((x: { lesson: string }) => x.lesson)).toEqual([l1.slug]);
  expect((await (await get(`/api/v1/education/tracks/${track.slug}/lessons/${l1.slug}`)).json()).completed).toBe(true);
  const xp = await (await get("/api/v1/gamification/xp/summary")).json();
  expect(xp.by_source).toContainEqual({ source: "lesson", total: 25, grants: 1 });
});

test("the lesson page shows the lesson and its question; answering it right shows the XP", async () => {
  const page = await (await get(`/learn/${track.slug}/${l2.slug}`)).text();
  expect(page).toContain(l2.title);
  expect(page).toContain('data-testid="lesson-body"');
  expect(page).toContain('name="answer"');
  const wrong = await (await form(`/learn/${track.slug}/${l2.slug}`, { answer: String((l2.answer + 1) % l2.choices.length) })).text();
  expect(wrong).toContain("Not quite");
  expect(await (await form(`/learn/${track.slug}/${l2.slug}`, {})).text()).toContain("Pick one of the answers");
  const right = await (await form(`/learn/${track.slug}/${l2.slug}`, { answer: String(l2.answer) })).text();
  expect(right).toContain("+25 XP");
  expect(await (await get("/learn")).text()).toContain(`data-testid="track-${track.slug}"`);
});
