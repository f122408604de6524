"""④ Outreach (notebook 04): contacts (imports, who works where you research), the emails
around a meeting (drafts and their templates), the request lint, and reminders."""
