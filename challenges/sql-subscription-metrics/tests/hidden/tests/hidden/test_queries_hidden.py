import unittest

from sqlcheck import open_db, run_query


class Billing:
    """Builds a data set row by row, so each test states exactly the situation it checks."""

    def __init__(self):
        self.db = open_db(
            "INSERT INTO plans (id, name, monthly_price_cents) VALUES"
            " (1, 'Pro', 2900), (2, 'Basic', 900), (3, 'Agency', 9900), (4, 'Archive', 900);"
        )
        self._ids = {'customers': 0, 'subscriptions': 0, 'invoices': 0}

    def _next(self, table):
        self._ids[table] += 1
        return self._ids[table]

    def customer(self, name, country='DE'):
        cid = self._next('customers')
        self.db.execute('INSERT INTO customers VALUES (?, ?, ?)', (cid, name, country))
        return cid

    def subscription(self, customer, plan=1, started='2024-01-01', ended=None):
        sid = self._next('subscriptions')
        self.db.execute('INSERT INTO subscriptions VALUES (?, ?, ?, ?, ?)', (sid, customer, plan, started, ended))
        return sid

    def invoice(self, subscription, issued, cents, paid=None):
        self.db.execute(
            'INSERT INTO invoices VALUES (?, ?, ?, ?, ?)',
            (self._next('invoices'), subscription, issued, cents, paid),
        )

    def query(self, name):
        return run_query(self.db, name)[1]


class ActiveByPlanTest(unittest.TestCase):
    def test_boundaries_of_the_reporting_day(self):
        b = Billing()
        c = b.customer('A')
        b.subscription(c, plan=1, started='2024-06-30')  # starts on the day: active
        b.subscription(c, plan=1, started='2024-07-01')  # not yet
        b.subscription(c, plan=1, started='2024-01-01', ended='2024-06-30')  # ended on the day: gone
        b.subscription(c, plan=1, started='2024-01-01', ended='2024-07-01')  # last day is 06-30: active
        self.assertIn(('Pro', 2), b.query('01_active_by_plan'))

    def test_every_plan_ordered_by_price_then_name(self):
        b = Billing()
        b.subscription(b.customer('A'), plan=3)
        self.assertEqual(
            b.query('01_active_by_plan'),
            [('Archive', 0), ('Basic', 0), ('Pro', 0), ('Agency', 1)],
        )


class MonthlyRevenueTest(unittest.TestCase):
    def test_grouped_by_payment_month_within_2024(self):
        b = Billing()
        s = b.subscription(b.customer('A'))
        b.invoice(s, '2023-12-01', 100, paid='2023-12-31')
        b.invoice(s, '2023-12-15', 200, paid='2024-01-02')
        b.invoice(s, '2024-01-01', 400, paid='2024-03-01')
        b.invoice(s, '2024-03-01', 800, paid='2024-03-31')
        b.invoice(s, '2024-12-01', 1600, paid='2025-01-01')
        b.invoice(s, '2024-04-01', 3200)
        self.assertEqual(b.query('02_monthly_revenue'), [('2024-01', 200), ('2024-03', 1200)])


class OverdueCustomersTest(unittest.TestCase):
    def test_more_than_thirty_days_and_unpaid_only(self):
        b = Billing()
        s = b.subscription(b.customer('A'))
        b.invoice(s, '2024-05-31', 100)  # exactly 30 days: not yet overdue
        b.invoice(s, '2024-05-30', 200)
        b.invoice(s, '2024-01-01', 400, paid='2024-06-29')
        self.assertEqual(b.query('03_overdue_customers'), [('A', 1, 200)])

    def test_sums_across_subscriptions_and_orders(self):
        b = Billing()
        zed, amy, bob = b.customer('Zed'), b.customer('Amy'), b.customer('Bob')
        for customer, amounts in ((zed, [500]), (amy, [300, 200]), (bob, [900])):
            for amount in amounts:
                b.invoice(b.subscription(customer), '2024-02-01', amount)
        self.assertEqual(
            b.query('03_overdue_customers'),
            [('Bob', 1, 900), ('Amy', 2, 500), ('Zed', 1, 500)],
        )


class TopCustomerPerCountryTest(unittest.TestCase):
    def test_paid_totals_ties_and_silent_countries(self):
        b = Billing()
        first, second = b.customer('First', 'FR'), b.customer('Second', 'FR')
        big = b.customer('Big', 'US')
        small = b.customer('Small', 'US')
        silent = b.customer('Silent', 'JP')
        b.invoice(b.subscription(second), '2024-01-01', 700, paid='2024-01-01')
        b.invoice(b.subscription(first), '2024-01-01', 700, paid='2024-01-01')
        b.invoice(b.subscription(small), '2024-01-01', 1000, paid='2024-01-01')
        s1, s2 = b.subscription(big), b.subscription(big, plan=2)
        b.invoice(s1, '2024-01-01', 600, paid='2024-01-01')
        b.invoice(s2, '2024-01-01', 600, paid='2024-01-05')
        b.invoice(b.subscription(small), '2024-02-01', 5000)  # unpaid does not count
        b.invoice(b.subscription(silent), '2024-02-01', 5000)
        self.assertEqual(
            b.query('04_top_customer_per_country'),
            [('FR', 'First', 700), ('US', 'Big', 1200)],
        )


class MonthlyChurnTest(unittest.TestCase):
    def test_six_months_even_without_data(self):
        rows = Billing().query('05_monthly_churn')
        self.assertEqual(
            rows,
            [(f'2024-0{m}', 0, 0, None) for m in range(1, 7)],
        )

    def test_churn_counts_and_rounding(self):
        b = Billing()
        c = b.customer('A')
        b.subscription(c, started='2023-12-01', ended='2024-02-01')  # last day 01-31: January churn
        b.subscription(c, started='2023-12-01', ended='2024-03-15')  # March churn
        b.subscription(c, started='2023-12-01')
        b.subscription(c, started='2024-03-10', ended='2024-03-20')  # never active on a 1st
        b.subscription(c, started='2024-05-01', ended='2024-05-01')  # zero-length: never active
        rows = b.query('05_monthly_churn')
        self.assertEqual(
            rows,
            [
                ('2024-01', 3, 1, 33.3),
                ('2024-02', 2, 0, 0.0),
                ('2024-03', 2, 1, 50.0),
                ('2024-04', 1, 0, 0.0),
                ('2024-05', 1, 0, 0.0),
                ('2024-06', 1, 0, 0.0),
            ],
        )
