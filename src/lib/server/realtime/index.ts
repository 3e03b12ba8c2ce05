// The live layer's public API: recording room events inside a transaction, the room
// policies and commands modules register, and the log's reads.
export * from './events';
export { frameLimits, flushFrames } from './frames';
export { TokenBucket } from './throttle';
export { registerRoomPolicy, canJoinRoom, userRoom, ONLINE_ROOM, type RoomPolicy } from './rooms';
export { registerCommand, runCommand, type CommandContext, type CommandHandler } from './commands';
export { startRealtime } from './server';
export { getIo, type LiveServer, type LiveSocket } from './io';
