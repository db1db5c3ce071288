"""What a user would reach for instead of `budget validate`: pandas read_csv + groupby of a bench
export (scripts/export-generator.ts), by the same group key (unit, project, fund type), summing
the three amount columns. Codes are read as text, as the pipeline reads them; `thousands=","`
reads the quoted "1,234.56" amounts as numbers (floats: pandas has no exact decimal sum).

    python3 bench/pandas_groupby.py export.csv    -> prints "<rows> <groups>"
"""

import sys

import pandas as pd

frame = pd.read_csv(sys.argv[1], thousands=",", dtype={"单位编码": str, "项目编码": str})
groups = frame.groupby(["单位编码", "项目编码", "资金性质"])[["全年预算数", "本月支出", "累计支出"]].sum()
print(len(frame), len(groups))
