// Later work relays events between instances with LISTEN/NOTIFY; the driver was chosen for it.
// This pins down that Bun's client delivers a notification from one pool to another, and only
// once the sending transaction commits.
import { afterAll, expect, test } from "bun:test";
import { freshPostgresUrl } from "../../test/postgres.ts";
import { openPostgres, type PgDb } from "./postgres.ts";

const open: PgDb[] = [];
afterAll(() => Promise.all(open.map((d) => d.close())));

test("a NOTIFY from one instance reaches a LISTEN on another, on commit only", async () => {
  const url = await freshPostgresUrl("notify");
  const a = await openPostgres(url);
  const b = await openPostgres(url, { migrate: false });
  open.push(a, b);
  const got: string[] = [];
  const sub = await b.sql.listen("tbg_events", (payload) => got.push(payload));
  await a.sql.begin(async (tx) => {
    await tx.notify("tbg_events", "rolled back");
    throw new Error("rollback");
  }).catch(() => {});
  await a.sql.begin(async (tx) => {
    await tx.notify("tbg_events", JSON.stringify({ type: "mining.batch", n: 1 }));
  });
  for (let i = 0; i < 50 && got.length === 0; i++) await Bun.sleep(20);
  expect(got).toEqual(['{"type":"mining.batch","n":1}']);
  await sub.unlisten();
});
