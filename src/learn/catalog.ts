// The tracks and their lessons: Markdown files in ./lessons, imported as text so the compiled
// binary carries them (no files beside it). Each file starts with a front matter block:
//
//   ---
//   title: Blocks and the chain
//   minutes: 3
//   question: What ties each block to the block before it?
//   choices: first | second | third
//   answer: second            (the text of the right choice, so a reordering cannot break it)
//   ---
//
// The catalogue is parsed once at start-up; a malformed lesson throws then, never at a reader.
import { renderMarkdown } from "./markdown.ts";
import wim1 from "./lessons/what-is-mining/1-blocks-and-the-chain.md" with { type: "text" };
import wim2 from "./lessons/what-is-mining/2-proof-of-work.md" with { type: "text" };
import wim3 from "./lessons/what-is-mining/3-block-reward.md" with { type: "text" };
import wim4 from "./lessons/what-is-mining/4-solo-vs-pool.md" with { type: "text" };
import fm1 from "./lessons/first-miner/1-choosing-hardware.md" with { type: "text" };
import fm2 from "./lessons/first-miner/2-bitaxe-setup.md" with { type: "text" };
import fm3 from "./lessons/first-miner/3-power-heat-safety.md" with { type: "text" };
import fm4 from "./lessons/first-miner/4-reading-your-stats.md" with { type: "text" };
import dsl1 from "./lessons/difficulty-shares-luck/1-network-difficulty.md" with { type: "text" };
import dsl2 from "./lessons/difficulty-shares-luck/2-what-is-a-share.md" with { type: "text" };
import dsl3 from "./lessons/difficulty-shares-luck/3-luck-and-odds.md" with { type: "text" };
import dsl4 from "./lessons/difficulty-shares-luck/4-best-difficulty.md" with { type: "text" };
import node1 from "./lessons/running-a-node/1-why-a-node.md" with { type: "text" };
import node2 from "./lessons/running-a-node/2-hardware-and-sync.md" with { type: "text" };
import node3 from "./lessons/running-a-node/3-connecting-the-pool.md" with { type: "text" };
import node4 from "./lessons/running-a-node/4-keeping-it-healthy.md" with { type: "text" };

export type Difficulty = "beginner" | "intermediate" | "advanced";

export interface Lesson {
  slug: string;
  trackSlug: string;
  /** 1-based place in its track. */
  order: number;
  title: string;
  minutes: number;
  markdown: string;
  /** Sanitised HTML of `markdown`. */
  html: string;
  question: string;
  choices: readonly string[];
  /** Index into `choices` of the right answer. Never sent to a reader before they answer. */
  answer: number;
}

export interface Track {
  slug: string;
  title: string;
  description: string;
  difficulty: Difficulty;
  lessons: readonly Lesson[];
}

interface TrackSource {
  slug: string;
  title: string;
  description: string;
  difficulty: Difficulty;
  lessons: [slug: string, source: string][];
}

const SOURCES: TrackSource[] = [
  {
    slug: "what-is-mining", title: "What is mining", difficulty: "beginner",
    description: "Blocks, proof of work, the block reward and why people mine solo.",
    lessons: [["blocks-and-the-chain", wim1], ["proof-of-work", wim2], ["block-reward", wim3], ["solo-vs-pool", wim4]],
  },
  {
    slug: "first-miner", title: "Your first miner", difficulty: "beginner",
    description: "Pick a home miner, set up a Bitaxe, keep it cool and read its numbers.",
    lessons: [["choosing-hardware", fm1], ["bitaxe-setup", fm2], ["power-heat-safety", fm3], ["reading-your-stats", fm4]],
  },
  {
    slug: "difficulty-shares-luck", title: "Difficulty, shares and luck", difficulty: "intermediate",
    description: "What difficulty means, what a share proves, your real odds of a block and your best difficulty.",
    lessons: [["network-difficulty", dsl1], ["what-is-a-share", dsl2], ["luck-and-odds", dsl3], ["best-difficulty", dsl4]],
  },
  {
    slug: "running-a-node", title: "Running a node", difficulty: "intermediate",
    description: "Why a full node matters, the hardware and first sync, connecting this pool and keeping it healthy.",
    lessons: [["why-a-node", node1], ["hardware-and-sync", node2], ["connecting-the-pool", node3], ["keeping-it-healthy", node4]],
  },
];

const FIELDS = ["title", "minutes", "question", "choices", "answer"] as const;

/** Parses one lesson file; throws with the lesson's name on anything missing or inconsistent. */
export function parseLesson(trackSlug: string, slug: string, order: number, source: string): Lesson {
  const where = `lesson ${trackSlug}/${slug}`;
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n([\s\S]*)$/.exec(source);
  if (!m) throw new Error(`${where}: no front matter`);
  const meta: Record<string, string> = {};
  for (const line of m[1]!.split(/\r?\n/)) {
    const kv = /^([a-z]+):\s*(.*)$/.exec(line);
    if (!kv) throw new Error(`${where}: bad front matter line "${line}"`);
    meta[kv[1]!] = kv[2]!.replace(/^"(.*)"$/, "$1").trim();
  }
  for (const f of FIELDS) if (!meta[f]) throw new Error(`${where}: front matter lacks "${f}"`);
  const choices = meta.choices!.split("|").map((c) => c.trim());
  if (choices.length < 2 || choices.some((c) => c === "")) throw new Error(`${where}: needs two or more choices`);
  const answer = choices.indexOf(meta.answer!);
  if (answer < 0) throw new Error(`${where}: the answer is not one of the choices`);
  const minutes = Number(meta.minutes);
  if (!Number.isInteger(minutes) || minutes < 1) throw new Error(`${where}: minutes must be a whole number`);
  const markdown = m[2]!.trim();
  if (markdown.length === 0) throw new Error(`${where}: empty lesson`);
  return { slug, trackSlug, order, title: meta.title!, minutes, markdown, html: renderMarkdown(markdown), question: meta.question!, choices, answer };
}

export function buildCatalog(sources: TrackSource[]): Track[] {
  return sources.map((t) => ({
    slug: t.slug, title: t.title, description: t.description, difficulty: t.difficulty,
    lessons: t.lessons.map(([slug, src], i) => parseLesson(t.slug, slug, i + 1, src)),
  }));
}

export const TRACKS: readonly Track[] = buildCatalog(SOURCES);
const BY_SLUG = new Map(TRACKS.map((t) => [t.slug, t]));

export const findTrack = (slug: string): Track | undefined => BY_SLUG.get(slug);
export const findLesson = (trackSlug: string, lessonSlug: string): Lesson | undefined => BY_SLUG.get(trackSlug)?.lessons.find((l) => l.slug === lessonSlug);
export const LESSON_COUNT = TRACKS.reduce((n, t) => n + t.lessons.length, 0);
