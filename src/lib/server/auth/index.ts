// Accounts, sessions and the route guards: the auth platform's public API.
export * from './accounts';
export * from './session';
export * from './guards';
export { hashPassword, passwordProblem } from './password';
