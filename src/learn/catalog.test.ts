// The shipped lessons: four tracks of several lessons, each with a check question whose answer
// is one of its choices, rendered to HTML that carries no script; and the sanitiser holding
// when a lesson contains what it should not.
import { expect, test } from "bun:test";
import { parseLesson, TRACKS } from "./catalog.ts";
import { renderMarkdown } from "./markdown.ts";

test("four tracks, each of three or more short lessons with a check question", () => {
  expect(TRACKS.map((t) => t.slug)).toEqual(["what-is-mining", "first-miner", "difficulty-shares-luck", "running-a-node"]);
  for (const t of TRACKS) {
    expect(t.lessons.length).toBeGreaterThanOrEqual(3);
    expect(new Set(t.lessons.map((l) => l.slug)).size).toBe(t.lessons.length);
    for (const l of t.lessons) {
      expect(l.slug).toMatch(/^[a-z0-9-]{1,64}$/);
      expect(l.choices[l.answer]).toBeDefined();
      expect(l.question.endsWith("?")).toBe(true);
      // Short enough to read on a phone in a few minutes.
      const words = l.markdown.split(/\s+/).length;
      expect(words).toBeGreaterThan(120);
      expect(words).toBeLessThan(400);
      expect(l.html).toContain("<p>");
      expect(l.html).not.toMatch(/<script|<h1|on\w+=/i);
    }
  }
});

test("the rendered lesson keeps tables, lists and emphasis", () => {
  const reward = TRACKS[0]!.lessons.find((l) => l.slug === "block-reward")!;
  expect(reward.html).toContain("<table>");
  expect(reward.html).toContain("<td>3.125 BTC</td>");
  expect(reward.html).toContain("<strong>");
});

test("the sanitiser drops script, event handlers, iframes and javascript: links", () => {
  const out = renderMarkdown(
    ['# Title', '<script>alert(1)</script>', '<img src=x onerror="alert(1)">', '<iframe src="https://example.org"></iframe>', "[click](javascript:alert(1))", "[ok](https://bitcoin.org)"].join("\n\n"),
  );
  expect(out).not.toMatch(/script|onerror|<img|iframe|javascript:/i);
  expect(out).toContain("<h2>Title</h2>");
  expect(out).toContain('<a href="https://bitcoin.org" rel="noopener noreferrer" target="_blank">ok</a>');
});

test("a lesson whose answer is not one of its choices, or that lacks a question, is refused at start-up", () => {
  const head = (extra: string) => `---\ntitle: T\nminutes: 2\n${extra}\n---\nBody text.`;
  expect(() => parseLesson("t", "l", 1, head("question: Q?\nchoices: a | b\nanswer: c"))).toThrow("the answer is not one of the choices");
  expect(() => parseLesson("t", "l", 1, head("choices: a | b\nanswer: a"))).toThrow('lacks "question"');
  expect(() => parseLesson("t", "l", 1, "no front matter")).toThrow("no front matter");
  expect(parseLesson("t", "l", 1, head("question: Q?\nchoices: a | b\nanswer: b")).answer).toBe(1);
});
