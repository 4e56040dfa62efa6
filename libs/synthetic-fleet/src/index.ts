/**
 * A deterministic in-process fleet behind the connector contract, for the sync's tests and benchmarks (no HTTP):
 * kept out of the product libs so no production index exports a test fleet.
 */
export { SyntheticFleetConnector, type SyntheticFleetOptions } from './synthetic-fleet.connector';
