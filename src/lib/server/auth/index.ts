// Accounts, sessions and the route guards: the auth platform's public API.
export * from './accounts';
export * from './session';
export * from './guards';
export { hashPassword, passwordProblem } from './password';
export { requestSignUp, SIGN_UP_DONE, signUpRefusalNow, type SignUpAnswer } from './signup';
export { argon2Gate, BUSY_MESSAGE, TryLaterError, type HashLane } from './gate';
export { PRUNE_THROTTLES, startAuthHousekeeping } from './housekeeping';
export { pruneLoginThrottles } from './throttle';
export { pruneSignUpThrottles } from './signup';
