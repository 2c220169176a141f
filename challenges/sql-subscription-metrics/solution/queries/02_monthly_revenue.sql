-- Cash received per calendar month of 2024 (by payment date).
SELECT substr(paid_on, 1, 7) AS month, SUM(amount_cents) AS revenue_cents
FROM invoices
WHERE paid_on >= '2024-01-01' AND paid_on < '2025-01-01'
GROUP BY month
ORDER BY month;
