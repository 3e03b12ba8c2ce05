/**
 * A refusal meant for the person using Tandem, safe to show as is. `field` names the
 * form field it belongs next to; without it the message is shown for the whole form.
 */
export class ServiceError extends Error {
	constructor(
		message: string,
		readonly field?: string
	) {
		super(message);
		this.name = 'ServiceError';
	}
}
