// Who may do what in a cooperative. Pure rules, so they are stated (and tested) in one place:
//   founder  one per coop; everything an admin can, plus roles, hand-over and removing admins
//   admin    removes members, edits the coop, renews the invite code
//   member   mines and leaves
// Nobody removes the founder. The founder leaves only by handing over first (or as the last
// member, which dissolves the coop), so a coop is never left without someone to run it.

export const ROLES = ["founder", "admin", "member"] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { founder: 0, admin: 1, member: 2 };

export const isRole = (s: string): s is Role => (ROLES as readonly string[]).includes(s);
export const canManage = (r: Role) => r === "founder" || r === "admin";

/** Null when allowed; otherwise the reason code and words. */
export function removeRefusal(actor: Role, target: Role): { reason: string; message: string } | null {
  if (target === "founder") return { reason: "CANNOT_REMOVE_FOUNDER", message: "The founder cannot be removed" };
  if (!canManage(actor)) return { reason: "NOT_COOP_ADMIN", message: "Only the coop's founder and admins can remove members" };
  if (RANK[target] <= RANK[actor]) return { reason: "NOT_COOP_FOUNDER", message: "Only the founder can remove an admin" };
  return null;
}

export function leaveRefusal(role: Role, members: number): { reason: string; message: string } | null {
  if (role === "founder" && members > 1)
    return { reason: "HANDOVER_REQUIRED", message: "You founded this coop: hand it over to another member before you leave" };
  return null;
}
