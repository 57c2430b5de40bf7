export * from './activities';
export * from './common';
export * from './contests';
export * from './identity';
export * from './live';
export * from './names';
export * from './recognition';
export * from './coaching';
