// The one domain error storage raises itself: a debit the balance cannot cover. Raised from the
// conditional update, so the ledger never has to read-then-write to keep a balance from going
// negative (storage may import src/core, never a domain).
import { AppError } from "../../core/errors.ts";

export const insufficientFunds = () => new AppError("CONFLICT", "Not enough tokens", { reason: "INSUFFICIENT_BALANCE" });
