// The single entry point drizzle-kit reads; one file per module beside it.
export * from './org';
export * from './people';
export * from './auth';
export * from './workspace';
export * from './realtime';
export * from './ledger';
export * from './bugbash';
export * from './escalations';
export * from './attachments';
export * from './kudos';
export * from '../../notifications/schema';
