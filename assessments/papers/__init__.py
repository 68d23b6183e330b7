"""The papers of serving on post, one module per part, each registering its papers with the
papers app (which imports this package at start-up, as the admin finds admin.py):

- log: the duty-log book (履岗纪实簿) per member per year;
- points: the year's points board (积分公示) and the points cards (积分卡);
- pledges: the pledge ledger (承诺台账, 样例5), pledge letters (承诺践诺书, 样例6) and the
  fulfilment table (践诺统计表, 样例7);
- areas: the responsibility-area table (样例3), area activity ledgers (样例4) and mentoring
  agreements (帮带协议书).
"""

from . import areas, log, pledges, points  # noqa: F401
