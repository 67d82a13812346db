// Public surface of the pool engine. The app imports from here only.
export { BANNED_MESSAGE, createPool, type Pool, type PoolLimitCounters, type PoolOptions, type PoolStatus, type PoolNode, type NodeConnection, type WorkerBest } from "./pool.ts";
export * from "./events.ts";
export { readJournal as readBlockJournal, candidateFileName, type BlockCandidate, type CandidateState, type JournalListing } from "./blocks/journal.ts";
export type { Logger } from "./net/connection.ts";
export type { NetworkName } from "./bitcoin/network.ts";
export type { NodeProblem, NodeStatus } from "./node/node.ts";
export { createRpcClient, type RpcClient, type RpcFailure } from "./node/rpc.ts";
export { classifyFailure, NODE_CHAIN } from "./node/problem.ts";
export { runMiner, type MinerOptions, type MinerShare } from "./miner/miner.ts";
export { mineCommand } from "./miner/command.ts";
export { DecayedRates, HASHES_PER_DIFF, WINDOWS, ZERO_RATES, rateOf, type Hashrates, type Window } from "./protocol/hashrate.ts";
export { createThreadedPool, type ThreadedPool, type ThreadedPoolOptions, type ThreadPoolOptions } from "./thread/threaded-pool.ts";
