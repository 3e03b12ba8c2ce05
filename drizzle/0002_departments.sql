-- The organisation always has these four departments and one settings row.
INSERT INTO department (name, kind) VALUES
	('Support', 'support'),
	('Product', 'product'),
	('Engineering', 'engineering'),
	('Other', 'other')
ON CONFLICT (name) DO NOTHING;
--> statement-breakpoint
INSERT INTO workspace (id) VALUES (1) ON CONFLICT (id) DO NOTHING;
