// The web side of the token economy: seed 000's wallet, tap-mining, daily-reward and character
// endpoints, and the Tap, Daily, Characters and Wallet pages inside Play.
import { Elysia } from "elysia";
import type { Guards } from "../../auth/guards.ts";
import type { Tokens } from "../../tokens/service.ts";
import type { Feature } from "../app.ts";
import { characterRoutes, dailyRoutes, referralRoutes, tapRoutes, tokenAdminRoutes, walletRoutes } from "../routes/tokens.ts";
import { tokenPageRoutes } from "../routes/tokens-pages.ts";
import { achievementRoutes, questRoutes } from "../routes/tokens-progress.ts";
import { tokenProgressPages } from "../routes/tokens-progress-pages.ts";
import { airdropAdminRoutes, airdropRoutes } from "../routes/tokens-airdrops.ts";
import { tokenAirdropPages } from "../routes/tokens-airdrop-pages.ts";
import { tokenBoardPages, tokenBoardRoutes } from "../routes/tokens-boards.ts";

export function tokensFeature(tokens: Tokens, guards: Guards): Feature {
  const pages = tokenPageRoutes(tokens, guards);
  return (app) =>
    new Elysia({ name: "tokens-feature" })
      .use(walletRoutes(tokens, guards))
      .use(tapRoutes(tokens, guards))
      .use(dailyRoutes(tokens, guards))
      .use(characterRoutes(tokens, guards))
      .use(tokenAdminRoutes(tokens, guards))
      .use(referralRoutes(tokens, guards))
      .use(questRoutes(tokens, guards))
      .use(achievementRoutes(tokens, guards))
      .use(tokenProgressPages(tokens, guards))
      .use(airdropRoutes(tokens, guards))
      .use(airdropAdminRoutes(tokens, guards))
      .use(tokenAirdropPages(tokens, guards))
      .use(tokenBoardRoutes(tokens, guards))
      .use(tokenBoardPages(tokens, guards))
      .use(pages(app));
}
