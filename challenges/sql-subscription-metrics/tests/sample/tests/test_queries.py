import unittest

from sqlcheck import open_db, run_query, seed_sql


class SampleQueriesTest(unittest.TestCase):
    def setUp(self):
        self.db = open_db(seed_sql())

    def tearDown(self):
        self.db.close()

    def test_active_by_plan(self):
        columns, rows = run_query(self.db, '01_active_by_plan')
        self.assertEqual(columns, ['plan', 'active'])
        self.assertEqual(rows, [('Starter', 1), ('Team', 2), ('Enterprise', 0)])

    def test_monthly_revenue(self):
        columns, rows = run_query(self.db, '02_monthly_revenue')
        self.assertEqual(columns, ['month', 'revenue_cents'])
        self.assertEqual(rows, [('2024-01', 6800), ('2024-02', 4900), ('2024-03', 6800)])

    def test_overdue_customers_columns(self):
        columns, _ = run_query(self.db, '03_overdue_customers')
        self.assertEqual(columns, ['customer', 'overdue_invoices', 'overdue_cents'])


if __name__ == '__main__':
    unittest.main()
