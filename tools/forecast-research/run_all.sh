#!/bin/sh
# Reruns everything (about 10 min on 2 vCPUs). Outputs *.txt next to the scripts.
cd "$(dirname "$0")"
P=/usr/bin/python3
$P peers_daily.py      > peers_daily.txt      # reproduction of tslm / snaive7 / snaive364
$P final_daily.py      > final_daily.txt      # recipes A,B,C,D, ensembles, best-pick, robustness
$P screen_intra.py     > screen_intra.txt     # Poisson floor, peers, intraday variants (+ extended origins)
$P intra_final.py      > intra_final.txt      # recommended intraday recipe
$P pi_daily.py         > pi_daily.txt         # daily 80% interval coverage
$P pi_intra.py         > pi_intra.txt; $P pi_intra2.py > pi_intra2.txt   # intraday NB interval coverage
