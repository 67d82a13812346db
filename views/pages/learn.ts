// Learn: the tracks with the reader's progress, one track's lessons, and the lesson reader with
// its check question. Plain data in (src/http/routes/learn-pages.ts builds it). Lesson bodies
// are HTML the lesson catalogue rendered and sanitised from its own Markdown (src/learn) and are
// the only markup passed through `raw`; everything else is escaped.
import { formatCount } from "../format.ts";
import { html, raw, type Html } from "../html.ts";

export interface TrackCard {
  slug: string;
  title: string;
  description: string;
  difficulty: string;
  lessons: number;
  done: number;
  completed: boolean;
  xp: number;
}

export interface LessonsView {
  track: TrackCard;
  lessons: { slug: string; title: string; order: number; minutes: number; done: boolean }[];
}

export interface ReaderView {
  track: { slug: string; title: string; lessons: number; done: number };
  lesson: { slug: string; title: string; order: number; minutes: number; html: string; question: string; choices: readonly string[]; completed: boolean };
  prev: { slug: string; title: string } | null;
  next: { slug: string; title: string } | null;
}

export interface CheckOutcome {
  /** The answer was wrong (or missing): say so, keep the form. */
  error?: string;
  /** Completed just now: what it paid. */
  xp?: number;
  trackCompleted?: boolean;
  allTracksDone?: boolean;
  badgeEarned?: boolean;
  totalXp?: number;
}

const progressBar = (done: number, total: number, label: string) => html`<progress class="progress" max="${total}" value="${done}" aria-label="${label}"></progress>`;

export function tracksPage(v: { tracks: TrackCard[]; lessonsDone: number; lessonsTotal: number; xpEarned: number; next: { track: string; slug: string; title: string } | null }): Html {
  const card = (t: TrackCard) => html`<li class="card" data-testid="track-${t.slug}">
  <a class="row" href="/learn/${t.slug}"><strong>${t.title}</strong></a>
  <span class="chip${t.completed ? " ok" : ""}">${t.completed ? "done" : t.difficulty}</span>
  <p class="muted">${t.description}</p>
  ${progressBar(t.done, t.lessons, `${t.title}: lessons done`)}
  <p class="small muted">${t.done} of ${t.lessons} lessons · ${formatCount(t.xp)} XP to earn</p>
</li>`;
  return html`<h1>Learn</h1>
<section class="card" aria-labelledby="learn-h">
  <h2 id="learn-h">Your progress</h2>
  <p><span data-testid="lessons-done">${v.lessonsDone}</span> of ${v.lessonsTotal} lessons · <span data-testid="learn-xp">${formatCount(v.xpEarned)}</span> XP earned from lessons</p>
  ${progressBar(v.lessonsDone, v.lessonsTotal, "Lessons done")}
  ${v.next ? html`<p><a href="/learn/${v.next.track}/${v.next.slug}" data-testid="next-lesson">Next: ${v.next.title}</a></p>` : html`<p>Every lesson done. Well read!</p>`}
  <p class="small muted">25 XP per lesson, 150 XP per finished track, and the Down the Rabbit Hole badge when every track is done.</p>
</section>
<ul class="plain">${v.tracks.map(card)}</ul>`;
}

export function trackPage(v: LessonsView): Html {
  const t = v.track;
  return html`<h1>${t.title}</h1>
<p class="muted">${t.description}</p>
<section class="card">
  <p>${t.done} of ${t.lessons} lessons done${t.completed ? " · track complete" : ""}</p>
  ${progressBar(t.done, t.lessons, "Lessons done")}
</section>
<ol class="list card">${v.lessons.map(
    (l) => html`<li data-testid="lesson-${l.slug}"><a class="row" href="/learn/${t.slug}/${l.slug}"><span class="grow">${l.order}. ${l.title}</span><span class="chip${l.done ? " ok" : ""}">${l.done ? "done" : `${l.minutes} min`}</span></a></li>`,
  )}</ol>`;
}

/** The check question: a form while unanswered, the outcome once right. */
export function checkCard(v: ReaderView, outcome: CheckOutcome = {}): Html {
  const l = v.lesson;
  const action = `/learn/${v.track.slug}/${l.slug}`;
  const nextLink = v.next ? html`<a href="/learn/${v.track.slug}/${v.next.slug}">Next: ${v.next.title}</a>` : html`<a href="/learn/${v.track.slug}">Back to the track</a>`;
  if (l.completed || outcome.xp !== undefined) {
    const paid = outcome.xp
      ? html`<p data-testid="lesson-xp"><strong>+${formatCount(outcome.xp)} XP</strong>${outcome.totalXp !== undefined ? html` · ${formatCount(outcome.totalXp)} XP in total` : ""}</p>`
      : "";
    return html`<section id="check" class="card" data-testid="lesson-done" aria-live="polite">
  <h2>Check</h2>
  <p>${l.question}</p>
  <p class="chip ok">Lesson complete</p>
  ${paid}
  ${outcome.trackCompleted ? html`<p>You finished the track “${v.track.title}”.</p>` : ""}
  ${outcome.badgeEarned ? html`<p><strong>Badge earned: Down the Rabbit Hole.</strong> Every track done.</p>` : ""}
  <p>${nextLink}</p>
</section>`;
  }
  return html`<form id="check" class="card" hx-post="${action}" hx-target="this" hx-swap="outerHTML" data-testid="lesson-check">
  <h2>Check</h2>
  <fieldset class="choices"><legend>${l.question}</legend>
  ${l.choices.map((c, i) => html`<label class="check"><input type="radio" name="answer" value="${i}" required> <span>${c}</span></label>`)}
  </fieldset>
  ${outcome.error ? html`<p class="error" role="alert" data-testid="check-error">${outcome.error}</p>` : ""}
  <button type="submit" data-main-button data-label="Check my answer">Check my answer</button>
</form>`;
}

export function lessonPage(v: ReaderView): Html {
  const l = v.lesson;
  return html`<p class="small muted"><a href="/learn/${v.track.slug}">${v.track.title}</a> · lesson ${l.order} of ${v.track.lessons} · ${l.minutes} min</p>
<h1>${l.title}</h1>
${progressBar(v.track.done, v.track.lessons, "Lessons of this track done")}
<article class="card lesson" data-testid="lesson-body">${raw(l.html)}</article>
${checkCard(v)}
<nav class="pager">${v.prev ? html`<a href="/learn/${v.track.slug}/${v.prev.slug}">← ${v.prev.title}</a>` : html`<span></span>`}${
    v.next ? html`<a href="/learn/${v.track.slug}/${v.next.slug}">${v.next.title} →</a>` : ""
  }</nav>`;
}
