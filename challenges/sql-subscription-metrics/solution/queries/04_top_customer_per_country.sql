-- The customer who paid the most in each country (ties: the lowest customer id).
WITH paid AS (
  SELECT c.id, c.name, c.country, SUM(i.amount_cents) AS paid_cents
  FROM customers AS c
  JOIN subscriptions AS s ON s.customer_id = c.id
  JOIN invoices AS i ON i.subscription_id = s.id
  WHERE i.paid_on IS NOT NULL
  GROUP BY c.id
),
ranked AS (
  SELECT paid.*, ROW_NUMBER() OVER (PARTITION BY country ORDER BY paid_cents DESC, id) AS position
  FROM paid
)
SELECT country, name AS customer, paid_cents
FROM ranked
WHERE position = 1
ORDER BY country;
