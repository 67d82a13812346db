// Awaiting the node client's events with a deadline: for tests and for start-up code that
// wants "the first template" without polling.
import type { NodeClient, NodeStatus, TemplateUpdate } from "./node.ts";

export function nextTemplate(
  client: NodeClient,
  match: (u: TemplateUpdate) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<TemplateUpdate> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no matching template within ${timeoutMs} ms (status ${JSON.stringify(client.status())})`));
    }, timeoutMs);
    const off = client.on("template", (u) => {
      if (!match(u)) return;
      clearTimeout(timer);
      off();
      resolve(u);
    });
  });
}

/** Resolves with the current status at once if it already matches. */
export function statusWhen(
  client: NodeClient,
  match: (s: NodeStatus) => boolean,
  timeoutMs = 10_000,
): Promise<NodeStatus> {
  const now = client.status();
  if (match(now)) return Promise.resolve(now);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`status did not match within ${timeoutMs} ms (last ${JSON.stringify(client.status())})`));
    }, timeoutMs);
    const off = client.on("status", (s) => {
      if (!match(s)) return;
      clearTimeout(timer);
      off();
      resolve(s);
    });
  });
}
