import type { ParamMatcher } from '@sveltejs/kit';
import { parseId } from '$lib/ids';

/**
 * `[id=id]`: a route id is what parseId accepts, so `/bugbash/abc`, `/bugbash/1.5` and
 * `/bugbash/99999999999` are the 404 page before any load runs, never a failed query.
 */
export const match: ParamMatcher = (param) => parseId(param) !== null;
