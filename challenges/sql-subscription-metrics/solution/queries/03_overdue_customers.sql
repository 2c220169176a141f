-- Customers with invoices unpaid more than 30 days after issue, as of 2024-06-30.
SELECT c.name AS customer, COUNT(*) AS overdue_invoices, SUM(i.amount_cents) AS overdue_cents
FROM invoices AS i
JOIN subscriptions AS s ON s.id = i.subscription_id
JOIN customers AS c ON c.id = s.customer_id
WHERE i.paid_on IS NULL
  AND i.issued_on < date('2024-06-30', '-30 days')
GROUP BY c.id
ORDER BY overdue_cents DESC, customer;
