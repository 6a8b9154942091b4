"""RFM in DuckDB SQL on the same file and the same definitions (ANALYTICS.md section 6): recency in days to the
last date, purchase days, total amount, scores 1 + floor(5 * (customers strictly worse) / n), CSV out.
usage: duckdb_rfm.py LOG.csv OUT.csv"""
import sys, time, duckdb
t0 = time.time()
con = duckdb.connect()
con.execute(f"""
COPY (
  WITH t AS (SELECT CAST(customer_id AS VARCHAR) AS customer_id, CAST(date AS DATE) AS d, amount
             FROM read_csv('{sys.argv[1]}', header = true, columns = {{'customer_id': 'VARCHAR', 'date': 'VARCHAR', 'amount': 'DOUBLE'}})),
       last_day AS (SELECT max(d) AS d FROM t),
       c AS (SELECT customer_id, (SELECT d FROM last_day) - max(d) AS recency_days, count(DISTINCT d) AS frequency, sum(amount) AS monetary
             FROM t GROUP BY customer_id),
       s AS (SELECT *, count(*) OVER () AS n,
                    rank() OVER (ORDER BY recency_days DESC) - 1 AS r_below,
                    rank() OVER (ORDER BY frequency) - 1 AS f_below,
                    rank() OVER (ORDER BY monetary) - 1 AS m_below FROM c)
  SELECT customer_id, recency_days, frequency, monetary,
         1 + (5 * r_below) // n AS r, 1 + (5 * f_below) // n AS f, 1 + (5 * m_below) // n AS m
  FROM s) TO '{sys.argv[2]}' (HEADER, DELIMITER ',')
""")
print(f"duckdb rfm: {time.time() - t0:.2f} s")
