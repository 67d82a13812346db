// Address prefixes per network, as in Bitcoin Core's chainparams.cpp (base58Prefixes and
// bech32_hrp). testnet3, testnet4 and signet share every prefix, so an address alone cannot
// tell them apart; regtest differs only in its bech32 hrp.

export type NetworkName = "mainnet" | "testnet" | "testnet4" | "signet" | "regtest";

export const NETWORKS: readonly NetworkName[] = ["mainnet", "testnet", "testnet4", "signet", "regtest"];

export interface NetworkParams {
  readonly name: NetworkName;
  /** base58check version byte of P2PKH addresses */
  readonly p2pkh: number;
  /** base58check version byte of P2SH addresses */
  readonly p2sh: number;
  /** human-readable part of bech32/bech32m segwit addresses */
  readonly hrp: string;
}

const TEST_PREFIXES = { p2pkh: 0x6f, p2sh: 0xc4 } as const;

export const NETWORK_PARAMS: Readonly<Record<NetworkName, NetworkParams>> = {
  mainnet: { name: "mainnet", p2pkh: 0x00, p2sh: 0x05, hrp: "bc" },
  testnet: { name: "testnet", ...TEST_PREFIXES, hrp: "tb" },
  testnet4: { name: "testnet4", ...TEST_PREFIXES, hrp: "tb" },
  signet: { name: "signet", ...TEST_PREFIXES, hrp: "tb" },
  regtest: { name: "regtest", ...TEST_PREFIXES, hrp: "bcrt" },
};

export function isNetworkName(value: unknown): value is NetworkName {
  return typeof value === "string" && (NETWORKS as readonly string[]).includes(value);
}
