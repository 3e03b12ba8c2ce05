-- SLO actions' "escalateToAdmins" flag becomes "escalateUp" ('off' | 'lead' | 'admins').
-- A policy that escalated to the admins keeps doing exactly that ('admins'); one that did
-- not stays 'off'. Both the breach's actions and the warnings' own set are rewritten, in
-- each target, keeping the targets' order.
UPDATE "slo_policy" SET "targets" = (
	SELECT coalesce(jsonb_agg(
		(e.t || jsonb_build_object('actions',
			((e.t -> 'actions') - 'escalateToAdmins')
			|| jsonb_build_object('escalateUp', CASE WHEN (e.t -> 'actions' ->> 'escalateToAdmins')::boolean
				THEN 'admins' ELSE 'off' END)))
		|| CASE WHEN jsonb_typeof(e.t -> 'warningActions') = 'object' THEN
			jsonb_build_object('warningActions',
				((e.t -> 'warningActions') - 'escalateToAdmins')
				|| jsonb_build_object('escalateUp', CASE WHEN (e.t -> 'warningActions' ->> 'escalateToAdmins')::boolean
					THEN 'admins' ELSE 'off' END))
		ELSE '{}'::jsonb END
		ORDER BY e.ord), '[]'::jsonb)
	FROM jsonb_array_elements("slo_policy"."targets") WITH ORDINALITY AS e(t, ord)
);
