-- TODO: write this query (see README.md).
SELECT NULL WHERE 0;
