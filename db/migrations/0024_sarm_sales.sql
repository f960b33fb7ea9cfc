-- Issue 14: SQL for this part (functions, indexes); a statement so the file is never empty.
SELECT 1;
