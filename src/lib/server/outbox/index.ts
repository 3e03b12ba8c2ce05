// Email and chat messages: the public API other modules use. Importing it registers the
// delivery job's handler, so every node that loads the app can deliver.
import './delivery';
import { provideGauges } from '../metrics';
import { outboxBacklog } from './queries';

export { enqueueChat, enqueueEmail } from './service';
export { messageIdFor } from './delivery';
export { countOutbox, listOutbox, mailStatus, type OutboxEntry } from './queries';
export { outboxMessage } from './schema';

provideGauges({ outboxBacklog });
