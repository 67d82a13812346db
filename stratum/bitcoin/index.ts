// Public surface of the Bitcoin primitives (addresses, scripts, networks, byte codecs) for code
// outside stratum/: wallet sign-in verifies messages with the same address and script code
// the pool pays to, so there is one implementation of each.
export { addressToScript, scriptToAddress, type AddressResult, type AddressType } from "./address.ts";
export { encodeVarInt, u32LE } from "./bytes.ts";
export { isNetworkName, NETWORKS, NETWORK_PARAMS, type NetworkName, type NetworkParams } from "./network.ts";
export { p2pkhScript, p2shScript, witnessProgram, witnessScript } from "./script.ts";
