// Screenshots and logs attached to reports: checking, storing and serving them.
export * from './service';
