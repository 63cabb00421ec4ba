-- "Was this page useful?": anonymous page feedback (POST /api/v1/feedback).
CREATE TABLE feedback (
	id INTEGER PRIMARY KEY,
	at_us INTEGER NOT NULL,
	page TEXT NOT NULL CHECK (length(page) BETWEEN 1 AND 200),
	useful INTEGER NOT NULL CHECK (useful IN (0, 1)),
	comment TEXT CHECK (comment IS NULL OR length(comment) <= 2000)
);
