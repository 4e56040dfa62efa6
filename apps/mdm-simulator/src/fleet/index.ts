export * from './corpus';
export * from './fleet';
export * from './fleet-scan';
export * from './ids';
export * from './platform';
export * from './plantings';
export { catalogueTitle, titleVersion, TAIL_SIZE } from './catalogue';
export { guid } from './prng';
