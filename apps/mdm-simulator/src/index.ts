export { startSimulator, simulatorSettings } from './simulator';
export type { RunningSimulator, SimulatorControl, SimulatorOptions } from './simulator';
export type { FaultKind, FaultRule, FaultTarget } from './faults';
export type { FleetSummary, Planting, SimPlatform } from './fleet';
export { BANNED_TITLES, LOOKALIKE_TITLES } from './fleet';
export type { PlantedTitle } from './fleet';
export { corpusTitle, loadCorpus, parseCorpus } from './fleet';
export type { CorpusEntry } from './fleet';
